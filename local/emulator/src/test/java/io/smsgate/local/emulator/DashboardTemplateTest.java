package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CloudWatch dashboard in template.yaml: its body is JSON, and every smsgate metric a widget reads
 * (directly or through a SEARCH expression) is one the code emits, under the dimensions it emits it with.
 */
class DashboardTemplateTest {
    private static final Project PROJECT = Project.locate();
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{smsgate,([\\w,]+)\\} MetricName=\"(\\w+)\"([^']*)'");
    private static final Pattern EQUALS = Pattern.compile("(\\w+)=\"([^\"]+)\"");
    private final EmittedMetrics emitted = new EmittedMetrics(PROJECT);

    @SuppressWarnings("unchecked")
    private JsonNode body() throws Exception {
        CloudFormationTemplate.Resource dashboard = PROJECT.template().resource("Dashboard").orElseThrow();
        assertThat(dashboard.type()).isEqualTo("AWS::CloudWatch::Dashboard");
        String sub = String.valueOf(((Map<String, Object>) dashboard.properties().get("DashboardBody")).get("Fn::Sub"));
        return new ObjectMapper().readTree(sub.replaceAll("\\$\\{([^}]+)\\}", "SUB:$1"));
    }

    @Test
    void everySmsgateMetricOnTheDashboardIsOneTheCodeEmits() throws Exception {
        int checked = 0;
        for (JsonNode widget : body().path("widgets")) {
            assertThat(widget.path("properties").path("title").asText()).isNotBlank();
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                for (JsonNode element : metric) {
                    if (element.has("expression")) {
                        Matcher search = SEARCH.matcher(element.path("expression").asText());
                        while (search.find()) {
                            Set<String> dimensions = new TreeSet<>(Arrays.asList(search.group(1).split(",")));
                            String name = search.group(2);
                            assertThat(emitted.emits(name, dimensions)).as("%s %s is emitted", name, dimensions).isTrue();
                            Matcher equals = EQUALS.matcher(search.group(3));
                            while (equals.find()) {
                                assertThat(dimensions).as(name).contains(equals.group(1));
                                assertThat(emitted.mentions(name, equals.group(2))).as("%s %s", name, equals.group(2)).isTrue();
                            }
                            checked++;
                        }
                    }
                }
                if (metric.size() > 1 && "smsgate".equals(metric.get(0).asText())) {
                    String name = metric.get(1).asText();
                    Set<String> dimensions = new TreeSet<>();
                    String function = null;
                    for (int i = 2; i + 1 < metric.size() && metric.get(i).isTextual(); i += 2) {
                        dimensions.add(metric.get(i).asText());
                        if (metric.get(i).asText().equals("Function")) {
                            function = metric.get(i + 1).asText();
                        } else {
                            assertThat(emitted.mentions(name, metric.get(i + 1).asText())).as(name).isTrue();
                        }
                    }
                    assertThat(emitted.emits(name, function, dimensions)).as("%s %s from %s", name, dimensions, function).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(12);
    }

    @Test
    void theDashboardShowsEveryDeadLetterQueueAndEveryFunctionsDuration() throws Exception {
        List<String> queues = new ArrayList<>();
        List<String> durations = new ArrayList<>();
        for (JsonNode widget : body().path("widgets")) {
            for (JsonNode metric : widget.path("properties").path("metrics")) {
                if (metric.size() < 4) {
                    continue; // An expression, not a metric.
                }
                if (metric.get(0).asText().equals("AWS/SQS")) {
                    queues.add(metric.get(3).asText());
                }
                if (metric.get(1).asText().equals("Duration") && widget.path("properties").path("stat").asText().equals("p95")) {
                    durations.add(metric.get(3).asText());
                }
            }
        }
        CloudFormationTemplate template = PROJECT.template();
        for (CloudFormationTemplate.Resource resource : template.resources().values()) {
            if (resource.type().equals("AWS::SQS::Queue") && resource.logicalId().endsWith("DeadLetterQueue")) {
                assertThat(queues).contains("SUB:" + resource.logicalId() + ".QueueName");
            }
        }
        template.functions().forEach(function -> assertThat(durations).contains("SUB:" + function.logicalId()));
    }

    @Test
    void aMetricTheCodeDoesNotEmitWouldBeCaught() {
        assertThat(emitted.emits("PostsCreated", Set.of("Function", "Country"))).isTrue();
        assertThat(emitted.emits("PostsCreated", Set.of("Function", "Country", "Command"))).isFalse();
        assertThat(emitted.emits("PostCreated", Set.of("Function", "Country"))).isFalse();
    }
}
