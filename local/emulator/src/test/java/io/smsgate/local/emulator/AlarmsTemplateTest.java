package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alarms in template.yaml: every dead-letter queue and every function has its alarms, every alarm
 * tells AlarmTopic, and every alarm on an smsgate metric names a metric the code really emits, under
 * the dimensions it emits it with.
 */
class AlarmsTemplateTest {
    private static final Project PROJECT = Project.locate();
    private final CloudFormationTemplate template = PROJECT.template();
    private final EmittedMetrics emitted = new EmittedMetrics(PROJECT);

    @Test
    void everyDeadLetterQueueHasAnAlarmOnItsDepth() {
        List<String> queues = template.resources().values().stream()
                .filter(r -> r.type().equals("AWS::SQS::Queue") && r.logicalId().endsWith("DeadLetterQueue"))
                .map(CloudFormationTemplate.Resource::logicalId).toList();
        assertThat(queues).hasSizeGreaterThanOrEqualTo(4);
        for (String queue : queues) {
            assertThat(alarms()).as(queue).anySatisfy(alarm -> {
                assertThat(alarm.properties()).containsEntry("Namespace", "AWS/SQS")
                        .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible")
                        .containsEntry("ComparisonOperator", "GreaterThanThreshold");
                assertThat(String.valueOf(alarm.properties().get("Threshold"))).isEqualTo("0");
                assertThat(dimensions(alarm.properties())).containsEntry("QueueName",
                        Map.of("Fn::GetAtt", List.of(queue, "QueueName")));
            });
        }
    }

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarm() {
        for (CloudFormationTemplate.Resource function : template.functions()) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertThat(alarms()).as(function.logicalId() + " " + metric).anySatisfy(alarm -> {
                    assertThat(alarm.properties()).containsEntry("Namespace", "AWS/Lambda").containsEntry("MetricName", metric);
                    assertThat(dimensions(alarm.properties())).containsEntry("FunctionName", Map.of("Ref", function.logicalId()));
                });
            }
        }
    }

    @Test
    void everyAlarmTellsTheAlarmTopicAndAnEmailCanSubscribe() {
        assertThat(alarms()).hasSizeGreaterThanOrEqualTo(20).allSatisfy(alarm ->
                assertThat(alarm.properties().get("AlarmActions")).as(alarm.logicalId()).isEqualTo(List.of(Map.of("Ref", "AlarmTopic"))));
        CloudFormationTemplate.Resource subscription = template.resource("AlarmEmailSubscription").orElseThrow();
        assertThat(subscription.condition()).isEqualTo("HasAlarmEmail");
        assertThat(subscription.properties()).containsEntry("Endpoint", Map.of("Ref", "AlarmEmail")).containsEntry("Protocol", "email");
    }

    @Test
    void budgetsConversionAndTheKillSwitchHaveAlarms() {
        Set<String> watched = new TreeSet<>();
        for (Map<String, Object> metric : smsgateMetrics()) {
            watched.add(metric.get("MetricName") + " " + dimensions(metric).getOrDefault("Reason",
                    dimensions(metric).getOrDefault("Decision", dimensions(metric).getOrDefault("Status", ""))));
        }
        assertThat(watched).contains("SmsNotSent BUDGET_GLOBAL_DAILY", "SmsNotSent BUDGET_COUNTRY_HOURLY",
                "SmsNotSent BUDGET_NUMBER_HOURLY", "ApiRejected BUDGET_EXHAUSTED", "PolicyDecision denied-global",
                "VerificationChecked APPROVED", "VerificationStarted ");
    }

    @Test
    void everySmsgateMetricInAnAlarmIsOneTheCodeEmitsWithItsDimensions() {
        List<Map<String, Object>> metrics = smsgateMetrics();
        assertThat(metrics).hasSizeGreaterThanOrEqualTo(8);
        for (Map<String, Object> metric : metrics) {
            String name = String.valueOf(metric.get("MetricName"));
            Map<String, Object> dimensions = dimensions(metric);
            assertThat(emitted.emits(name, String.valueOf(dimensions.get("Function")), dimensions.keySet()))
                    .as("%s %s is emitted by the code", name, dimensions).isTrue();
            dimensions.forEach((key, value) -> {
                if (!key.equals("Function")) {
                    assertThat(emitted.mentions(name, String.valueOf(value))).as("%s %s=%s appears in the code", name, key, value).isTrue();
                }
            });
        }
    }

    @Test
    void theCrossCheckCanFail() {
        assertThat(emitted.names()).contains("SmsNotSent", "PolicyDecision", "VerificationChecked");
        assertThat(emitted.emits("SmsNotSent", "SendSmsFunction", Set.of("Function", "Kind", "Reason"))).isTrue();
        assertThat(emitted.emits("SmsNotSent", "SendSmsFunction", Set.of("Function", "Reason"))).isFalse();
        assertThat(emitted.emits("SmsNotSent", "PostingFunction", Set.of("Function", "Kind", "Reason"))).isFalse();
        assertThat(emitted.emits("SmsNotSentTypo", "SendSmsFunction", Set.of("Function", "Kind", "Reason"))).isFalse();
        assertThat(emitted.mentions("SmsNotSent", "BUDGET_GLOBAL_DAILY")).isTrue();
        assertThat(emitted.mentions("SmsNotSent", "BUDGET_GLOBAL")).isFalse();
    }

    private List<CloudFormationTemplate.Resource> alarms() {
        return template.resources().values().stream().filter(r -> r.type().equals("AWS::CloudWatch::Alarm")).toList();
    }

    /** Every metric an alarm reads in the smsgate namespace: the alarm's own, or those of its metric math. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> smsgateMetrics() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CloudFormationTemplate.Resource alarm : alarms()) {
            if ("smsgate".equals(alarm.properties().get("Namespace"))) {
                out.add(alarm.properties());
            }
            for (Object query : (List<Object>) alarm.properties().getOrDefault("Metrics", List.of())) {
                Map<String, Object> stat = (Map<String, Object>) ((Map<String, Object>) query).get("MetricStat");
                if (stat != null) {
                    Map<String, Object> metric = (Map<String, Object>) stat.get("Metric");
                    assertThat(metric.get("Namespace")).as(alarm.logicalId()).isEqualTo("smsgate");
                    out.add(metric);
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dimensions(Map<String, Object> metric) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object dimension : (List<Object>) metric.getOrDefault("Dimensions", List.of())) {
            Map<String, Object> d = (Map<String, Object>) dimension;
            out.put(String.valueOf(d.get("Name")), d.get("Value"));
        }
        return out;
    }
}
