package io.smsgate.twofactor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * docs/openapi.yaml as a checker: a request or a response of the verification API either conforms to
 * its operation (route, status, headers, body against the JSON Schema 2020-12 of the contract) or the
 * list of what does not is returned. The schemas are validated with networknt's json-schema-validator.
 */
final class OpenApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiContract INSTANCE = new OpenApiContract(Project.locate().resolve("docs/openapi.yaml"));

    private final JsonNode document;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private OpenApiContract(java.nio.file.Path file) {
        try {
            this.document = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OpenApiContract get() {
        return INSTANCE;
    }

    JsonNode document() {
        return document;
    }

    /** Every operation as its API Gateway route key ("POST /verifications") → the operation. */
    Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(op.getKey())) {
                out.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }));
        return out;
    }

    /** What is wrong with this request for its route: empty when it conforms. */
    List<String> requestProblems(HttpApiRequest event) {
        List<String> problems = new ArrayList<>();
        String route = event.routeKey();
        JsonNode operation = operations().get(route);
        if (operation == null) {
            return List.of("no operation " + route + " in docs/openapi.yaml");
        }
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode resolved = resolve(parameter);
            String value = event.pathParameters() == null ? null : event.pathParameters().get(resolved.path("name").asText());
            if (value == null) {
                problems.add("path parameter " + resolved.path("name").asText() + " missing");
            } else {
                problems.addAll(validate(resolved.path("schema"), JSON.getNodeFactory().textNode(value), "path parameter " + resolved.path("name").asText()));
            }
        }
        if (!operation.has("requestBody")) {
            return problems; // A GET: nothing in the body is read.
        }
        JsonNode body;
        try {
            body = JSON.readTree(body(event));
        } catch (IOException e) {
            return List.of("the body is not JSON");
        }
        if (body == null) {
            return List.of("no body");
        }
        problems.addAll(validate(operation.path("requestBody").path("content").path("application/json").path("schema"), body, "request body"));
        return problems;
    }

    /** What is wrong with this answer to this request: empty when it conforms. */
    List<String> responseProblems(HttpApiRequest event, HttpApiResponse response) {
        String status = Integer.toString(response.statusCode());
        JsonNode operation = operations().get(event.routeKey());
        JsonNode declared = operation == null
                ? status.equals("404") ? resolve(ref("#/components/responses/NotFound")) : null
                : Optional.ofNullable(operation.path("responses").get(status)).map(this::resolve).orElse(null);
        if (declared == null) {
            return List.of(event.routeKey() + " does not declare status " + status);
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (response.headers() != null) {
            headers.putAll(response.headers());
        }
        if (!"application/json".equals(headers.get("Content-Type"))) {
            problems.add("Content-Type is " + headers.get("Content-Type"));
        }
        declared.path("headers").fields().forEachRemaining(header -> {
            JsonNode definition = resolve(header.getValue());
            String value = headers.get(header.getKey());
            if (value == null) {
                if (definition.path("required").asBoolean(false)) {
                    problems.add("header " + header.getKey() + " missing");
                }
            } else {
                problems.addAll(validate(definition.path("schema"), JSON.getNodeFactory().textNode(value), "header " + header.getKey()));
            }
        });
        for (String name : headers.keySet()) {
            if (!name.equalsIgnoreCase("Content-Type") && !declared.path("headers").has(name)) {
                problems.add("header " + name + " is not in the contract for " + status);
            }
        }
        try {
            problems.addAll(validate(declared.path("content").path("application/json").path("schema"), JSON.readTree(response.body()),
                    status + " body"));
        } catch (IOException e) {
            problems.add("the body is not JSON");
        }
        return problems;
    }

    private List<String> validate(JsonNode schema, JsonNode value, String what) {
        // The schema with the contract's components/schemas as its $defs, so its $refs resolve in one document.
        ObjectNode wrapper;
        try {
            wrapper = (ObjectNode) JSON.readTree(JSON.writeValueAsString(schema).replace("#/components/schemas/", "#/$defs/"));
            wrapper.set("$defs", JSON.readTree(JSON.writeValueAsString(document.path("components").path("schemas"))
                    .replace("#/components/schemas/", "#/$defs/")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : factory.getSchema(wrapper, config).validate(value)) {
            problems.add(what + ": " + message.getMessage());
        }
        return problems;
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = ref(current.path("$ref").asText());
        }
        return current;
    }

    private JsonNode ref(String ref) {
        return document.at(ref.substring(1));
    }

    private static String body(HttpApiRequest event) {
        String body = event.body() == null ? "" : event.body();
        return Boolean.TRUE.equals(event.base64Encoded()) ? new String(java.util.Base64.getDecoder().decode(body), java.nio.charset.StandardCharsets.UTF_8) : body;
    }

}
