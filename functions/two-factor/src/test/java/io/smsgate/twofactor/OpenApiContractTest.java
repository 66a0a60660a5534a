package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml against what exists: the template's routes, the API's rejections, the sample
 * events (the good ones conform, the bad ones do not), and a checker that does fail on a wrong answer.
 * The handler's real answers are checked in VerificationApiHandlerIT.
 */
class OpenApiContractTest {
    private static final Project PROJECT = Project.locate();
    private final OpenApiContract contract = OpenApiContract.get();

    @Test
    void theContractIsOpenApi31WithIamAuthOnEveryRoute() {
        JsonNode document = contract.document();
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("components").path("securitySchemes").path("sigv4").path("x-amazon-apigateway-authtype").asText())
                .isEqualTo("awsSigv4");
        assertThat(document.path("security").toString()).isEqualTo("[{\"sigv4\":[]}]");
        contract.operations().forEach((route, operation) ->
                assertThat(operation.has("security")).as(route + " keeps the global IAM auth").isFalse());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theContractHasExactlyTheTemplatesRoutes() {
        CloudFormationTemplate.Resource function = PROJECT.template().resource("VerificationApiFunction").orElseThrow();
        Set<String> routes = new TreeSet<>();
        ((Map<String, Object>) function.properties().get("Events")).values().forEach(event -> {
            Map<String, Object> e = (Map<String, Object>) event;
            if ("HttpApi".equals(e.get("Type"))) {
                Map<String, Object> properties = (Map<String, Object>) e.get("Properties");
                routes.add(properties.get("Method") + " " + properties.get("Path"));
            }
        });
        assertThat(contract.operations().keySet()).isEqualTo(routes);
    }

    @Test
    void everyRejectionIsInTheErrorBodyOfItsStatus() {
        Map<Integer, String> schemas = Map.of(400, "BadRequestError", 403, "ForbiddenError", 404, "NotFoundError", 409, "ConflictError",
                423, "LockedError", 429, "TooManyRequestsError", 500, "InternalErrorBody");
        Map<Integer, Set<String>> inCode = new TreeMap<>();
        for (ApiRejection rejection : ApiRejection.values()) {
            inCode.computeIfAbsent(rejection.status(), s -> new TreeSet<>()).add(rejection.name());
        }
        assertThat(schemas.keySet()).containsExactlyInAnyOrderElementsOf(inCode.keySet());
        inCode.forEach((status, reasons) -> {
            JsonNode reason = contract.document().path("components").path("schemas").path(schemas.get(status)).path("properties").path("reason");
            Set<String> inContract = new TreeSet<>();
            reason.path("enum").forEach(r -> inContract.add(r.asText()));
            if (reason.has("const")) {
                inContract.add(reason.path("const").asText());
            }
            assertThat(inContract).as("status " + status).isEqualTo(reasons);
        });
    }

    @Test
    void everyGoodSampleRequestConformsAndEveryBadOneDoesNot() throws IOException {
        Set<String> covered = new TreeSet<>();
        List<Path> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(PROJECT.resolve("events/two-factor"))) {
            files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(samples::add);
        }
        int api = 0;
        for (Path sample : samples) {
            if (!Files.readString(sample).contains("\"routeKey\"")) {
                continue; // An SNS event for SendSmsFunction.
            }
            api++;
            HttpApiRequest event = Json.read(Files.readString(sample), HttpApiRequest.class);
            String name = sample.getFileName().toString();
            List<String> problems = contract.requestProblems(event);
            if (name.matches(".*-(invalid|malformed|missing)-.*")) {
                assertThat(problems).as(name + " is a bad request").isNotEmpty();
            } else {
                assertThat(problems).as(name).isEmpty();
                covered.add(event.routeKey());
            }
        }
        assertThat(api).isGreaterThanOrEqualTo(8);
        assertThat(covered).as("every route has a good sample").isEqualTo(contract.operations().keySet());
    }

    @Test
    void theCheckerFailsWrongAnswers() {
        HttpApiRequest start = HttpApiRequest.of("POST", "/verifications", "POST /verifications", null, null, "r-1");
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Cache-Control", "no-store");
        String ok = "{\"verificationId\":\"Qm9vb29vb29vb29vb29vb2\",\"expiresAt\":\"2026-11-25T10:10:00Z\"}";

        assertThat(contract.responseProblems(start, answer(202, headers, ok))).isEmpty();
        assertThat(contract.responseProblems(start, answer(202, headers, ok.replace("}", ",\"phone\":\"+1\"}")))).isNotEmpty();
        assertThat(contract.responseProblems(start, answer(202, Map.of("Content-Type", "application/json"), ok))).isNotEmpty();
        assertThat(contract.responseProblems(start, answer(200, headers, ok))).isNotEmpty();
        assertThat(contract.responseProblems(start, answer(400, headers, "{\"reason\":\"INVALID_PHONE\",\"field\":\"phone\"}"))).isEmpty();
        assertThat(contract.responseProblems(start, answer(400, headers, "{\"reason\":\"NO_SUCH_ACCOUNT\"}"))).isNotEmpty();
        assertThat(contract.responseProblems(start, answer(429, Map.of("Content-Type", "application/json", "Cache-Control", "no-store",
                "Retry-After", "30"), "{\"reason\":\"RESEND_COOLDOWN\"}"))).isEmpty();
        assertThat(contract.responseProblems(start, answer(429, Map.of("Content-Type", "application/json", "Cache-Control", "no-store",
                "Retry-After", "soon"), "{\"reason\":\"RESEND_COOLDOWN\"}"))).isNotEmpty();
    }

    private static HttpApiResponse answer(int status, Map<String, String> headers, String body) {
        return new HttpApiResponse(status, headers, body, false);
    }
}
