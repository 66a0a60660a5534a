package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every function in template.yaml has sample events under events/&lt;module&gt;/ (the folder of its
 * CodeUri), and every sample parses, with the Lambda runtime's own serializer, into the input type of
 * a function of that module: what `sam local invoke -e` and `./smsgate invoke` will feed it.
 */
class EventSamplesTest {
    private final Project project = Project.locate();

    private record Function(String logicalId, String module, Class<?> inputType) {
    }

    @Test
    void everyFunctionHasSamplesAndEverySampleParsesIntoItsFunctionsInput() throws IOException {
        List<Function> functions = new ArrayList<>();
        for (CloudFormationTemplate.Resource resource : project.template().functions()) {
            String codeUri = String.valueOf(resource.properties().get("CodeUri"));
            String module = codeUri.split("/")[1];
            String handler = String.valueOf(resource.properties().get("Handler")).split("::")[0];
            functions.add(new Function(resource.logicalId(), module, inputType(handler)));
        }
        assertThat(functions).extracting(Function::inputType).doesNotContainNull();

        Map<String, Integer> samplesPerFunction = new HashMap<>();
        for (String module : functions.stream().map(Function::module).distinct().toList()) {
            Path folder = project.resolve("events/" + module);
            assertThat(folder).as("events/%s", module).isDirectory();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    Class<?> shape = shapeOf(Json.tree(Files.readString(file)));
                    List<Function> takers = functions.stream().filter(f -> f.module().equals(module) && f.inputType() == shape).toList();
                    assertThat(takers).as("%s is a %s: no function of %s takes one", file.getFileName(), shape.getSimpleName(), module)
                            .isNotEmpty();
                    Object event = parse(file, shape);
                    if (event instanceof SNSEvent sns) {
                        assertThat(sns.getRecords()).as(file.toString()).isNotEmpty();
                        assertThat(sns.getRecords().getFirst().getSNS().getMessage()).as(file.toString()).isNotNull();
                    } else if (event instanceof SQSEvent sqs) {
                        assertThat(sqs.getRecords()).as(file.toString()).isNotEmpty();
                        assertThat(sqs.getRecords().getFirst().getBody()).as(file.toString()).isNotNull();
                        assertThat(sqs.getRecords().getFirst().getEventSourceArn()).as(file.toString()).isNotBlank();
                    } else if (event instanceof APIGatewayV2HTTPEvent http) {
                        assertThat(http.getRouteKey()).as(file.toString()).isNotBlank();
                    }
                    takers.forEach(f -> samplesPerFunction.merge(f.logicalId(), 1, Integer::sum));
                }
            }
        }
        for (Function function : functions) {
            assertThat(samplesPerFunction.getOrDefault(function.logicalId(), 0)).as("samples for %s", function.logicalId()).isPositive();
        }
    }

    private static Class<?> shapeOf(JsonNode event) {
        if (event.path("Records").path(0).path("EventSource").asText().equals("aws:sns")) {
            return SNSEvent.class;
        }
        if (event.path("Records").path(0).path("eventSource").asText().equals("aws:sqs")) {
            return SQSEvent.class;
        }
        if (event.has("routeKey") && event.path("requestContext").has("http")) {
            return APIGatewayV2HTTPEvent.class;
        }
        return Void.class;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(Path file, Class type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return LambdaEventSerializers.serializerFor(type, EventSamplesTest.class.getClassLoader()).fromJson(in);
        }
    }

    private static Class<?> inputType(String handlerClass) {
        try {
            return Arrays.stream(Class.forName(handlerClass).getMethods())
                    .filter(m -> m.getName().equals("handleRequest") && m.getParameterCount() == 2 && !m.isBridge())
                    .map(Method::getParameterTypes).map(types -> types[0]).findFirst().orElse(null);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("handler " + handlerClass + " is not on the classpath", e);
        }
    }
}
