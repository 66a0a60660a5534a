package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.lambda.SqsEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every function in template.yaml has sample events under events/&lt;module&gt;/ (the folder of its
 * CodeUri), and every sample is the kind of event one of that module's functions is invoked with (by
 * its template {@code Events}) and parses, with the reader the handlers use, into that event's record:
 * what `sam local invoke -e` and `./smsgate invoke` will feed it. That each one also runs is the
 * function tests' (every sample has a test: SampleEvents.untested); that the field names are Lambda's,
 * LambdaEventShapesTest's.
 */
class EventSamplesTest {
    private final Project project = Project.locate();

    private record Function(String logicalId, String module, EventKind kind) {
    }

    @Test
    void everyFunctionHasSamplesAndEverySampleParsesIntoItsFunctionsEvent() throws IOException {
        List<Function> functions = new ArrayList<>();
        for (CloudFormationTemplate.Resource resource : project.template().functions()) {
            String codeUri = String.valueOf(resource.properties().get("CodeUri"));
            String module = codeUri.split("/")[1];
            functions.add(new Function(resource.logicalId(), module, EventKind.of(resource)));
        }
        assertThat(functions).isNotEmpty();

        Map<String, Integer> samplesPerFunction = new HashMap<>();
        for (String module : functions.stream().map(Function::module).distinct().toList()) {
            Path folder = project.resolve("events/" + module);
            assertThat(folder).as("events/%s", module).isDirectory();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    String text = Files.readString(file);
                    EventKind kind = EventKind.ofSample(Json.tree(text));
                    List<Function> takers = functions.stream().filter(f -> f.module().equals(module) && f.kind() == kind).toList();
                    assertThat(takers).as("%s is an %s event: no function of %s takes one", file.getFileName(), kind.label(), module)
                            .isNotEmpty();
                    Object event = Json.read(text, kind.record());
                    switch (event) {
                        case SnsEvent sns -> {
                            assertThat(sns.records()).as(file.toString()).isNotEmpty();
                            assertThat(sns.records().getFirst().eventSource()).as(file.toString()).isEqualTo("aws:sns");
                            assertThat(sns.records().getFirst().sns().messageId()).as(file.toString()).isNotBlank();
                            assertThat(sns.records().getFirst().sns().message()).as(file.toString()).isNotNull();
                            assertThat(sns.records().getFirst().sns().publishedAt()).as(file.toString()).isNotNull();
                        }
                        case SqsEvent sqs -> {
                            assertThat(sqs.records()).as(file.toString()).isNotEmpty();
                            assertThat(sqs.records().getFirst().body()).as(file.toString()).isNotNull();
                            assertThat(sqs.records().getFirst().eventSourceArn()).as(file.toString()).isNotBlank();
                            assertThat(sqs.records().getFirst().receiptHandle()).as(file.toString()).isNotBlank();
                        }
                        case HttpApiRequest http -> {
                            assertThat(http.routeKey()).as(file.toString()).isNotBlank();
                            assertThat(http.method()).as(file.toString()).isNotBlank();
                            assertThat(http.path()).as(file.toString()).startsWith("/");
                        }
                        default -> throw new AssertionError(file + " read as " + event.getClass());
                    }
                    takers.forEach(f -> samplesPerFunction.merge(f.logicalId(), 1, Integer::sum));
                }
            }
        }
        for (Function function : functions) {
            assertThat(samplesPerFunction.getOrDefault(function.logicalId(), 0)).as("samples for %s", function.logicalId()).isPositive();
        }
    }

    @Test
    void aSampleOfNoKnownShapeIsNamedAsSuch() {
        JsonNode neither = Json.tree("{\"Records\":[{\"eventSource\":\"aws:s3\"}]}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventKind.ofSample(neither)).isInstanceOf(IllegalArgumentException.class);
    }
}
