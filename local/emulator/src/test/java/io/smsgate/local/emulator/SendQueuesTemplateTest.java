package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The send queues in template.yaml (docs/sending.md): OutboundSmsTopic fans out by kind into one queue
 * for codes and one for replies (and conversion feedback), each with its dead-letter queue, a back-off-friendly redrive, and a
 * policy that lets only the topic send; SendSmsFunction reads both with batch item failures and bounded
 * concurrency; the send lease and the visibility timeout fit the function's timeout and a code's life.
 */
class SendQueuesTemplateTest {
    private final CloudFormationTemplate template = Project.locate().template();

    @Test
    void theTopicFansOutByKindIntoTwoQueuesWithRawDelivery() {
        Map<String, String> byKind = new TreeMap<>();
        for (CloudFormationTemplate.Resource resource : template.resources().values()) {
            if (!resource.type().equals("AWS::SNS::Subscription") || !"sqs".equals(resource.properties().get("Protocol"))) {
                continue;
            }
            Map<String, Object> p = resource.properties();
            assertThat(p.get("TopicArn")).as(resource.logicalId()).isEqualTo(Map.of("Ref", "OutboundSmsTopic"));
            assertThat(p.get("RawMessageDelivery")).as(resource.logicalId()).isEqualTo(true);
            assertThat(p.get("FilterPolicyScope")).isEqualTo("MessageAttributes");
            List<?> kinds = (List<?>) ((Map<?, ?>) p.get("FilterPolicy")).get("kind");
            for (Object kind : kinds) {
                assertThat(byKind.put(String.valueOf(kind), queueOf(p.get("Endpoint")))).as("each kind in one queue").isNull();
            }
        }
        // Conversion feedback rides with the replies: never counted as a queued code (codes first), never in a
        // batch ahead of a code, and it takes no slot or budget in TextSendQueue either.
        assertThat(byKind).containsExactly(Map.entry("CODE", "CodeSendQueue"), Map.entry("FEEDBACK", "TextSendQueue"),
                Map.entry("TEXT", "TextSendQueue"));
    }

    @Test
    void eachQueueDeadLettersOnlyAfterAHundredReceivesAndItsVisibilityFitsTheFunctionsTimeout() {
        int timeout = Integer.parseInt(String.valueOf(function().get("Timeout")));
        for (String queue : List.of("CodeSendQueue", "TextSendQueue")) {
            Map<String, Object> p = template.resource(queue).orElseThrow().properties();
            Map<?, ?> redrive = (Map<?, ?>) p.get("RedrivePolicy");
            assertThat(queueOf(redrive.get("deadLetterTargetArn"))).isEqualTo(queue.replace("Queue", "DeadLetterQueue"));
            assertThat(Integer.parseInt(String.valueOf(redrive.get("maxReceiveCount")))).as("the back-off arithmetic rests on it")
                    .isEqualTo(100);
            assertThat(Integer.parseInt(String.valueOf(p.get("VisibilityTimeout")))).as("AWS: at least 6 x the function timeout")
                    .isGreaterThanOrEqualTo(6 * timeout);
        }
    }

    @Test
    void theSendLeaseOutlivesAnExecutionAndEndsBeforeAMessageComesBackOrACodeExpires() {
        int timeout = Integer.parseInt(String.valueOf(function().get("Timeout")));
        int lease = Integer.parseInt(String.valueOf(variables().get("IDEMPOTENCY_LEASE_SECONDS")));
        int visibility = Integer.parseInt(String.valueOf(template.resource("CodeSendQueue").orElseThrow().properties().get("VisibilityTimeout")));
        assertThat(lease).isGreaterThan(timeout).isLessThan(visibility).isLessThan(600);
    }

    @Test
    void sendSmsFunctionReadsBothQueuesWithBatchItemFailuresAndBoundedConcurrency() {
        Set<String> queues = new TreeSet<>();
        for (Object value : ((Map<?, ?>) function().get("Events")).values()) {
            Map<?, ?> event = (Map<?, ?>) value;
            assertThat(event.get("Type")).isEqualTo("SQS");
            Map<?, ?> p = (Map<?, ?>) event.get("Properties");
            queues.add(queueOf(p.get("Queue")));
            assertThat(p.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
            int concurrency = Integer.parseInt(String.valueOf(((Map<?, ?>) p.get("ScalingConfig")).get("MaximumConcurrency")));
            assertThat(concurrency).isBetween(2, 10);
        }
        assertThat(queues).containsExactly("CodeSendQueue", "TextSendQueue");
        assertThat(function()).doesNotContainKey("EventInvokeConfig");
        assertThat(variables().keySet().stream().map(String::valueOf).toList()).contains("SEND_RATE_PER_SECOND", "STALE_REPLY_SECONDS", "GLOBAL_DAILY_REPLY_BUDGET",
                "CODE_SEND_QUEUE_URL", "TEXT_SEND_QUEUE_URL");
    }

    @Test
    void onlyTheTopicMayPutMessagesInTheSendQueues() {
        Map<String, Object> p = template.resource("SendQueuesPolicy").orElseThrow().properties();
        assertThat(p.get("Queues")).isEqualTo(List.of(Map.of("Ref", "CodeSendQueue"), Map.of("Ref", "TextSendQueue")));
        List<?> statements = (List<?>) ((Map<?, ?>) p.get("PolicyDocument")).get("Statement");
        Map<?, ?> allow = (Map<?, ?>) statements.getFirst();
        assertThat(allow.get("Effect")).isEqualTo("Allow");
        assertThat(allow.get("Principal")).isEqualTo(Map.of("Service", "sns.amazonaws.com"));
        assertThat(allow.get("Condition")).isEqualTo(Map.of("ArnEquals", Map.of("aws:SourceArn", Map.of("Ref", "OutboundSmsTopic"))));
        String deny = statements.get(1).toString();
        assertThat(deny).contains("Effect=Deny").contains("Principal=*").contains("ArnNotEquals")
                .contains("aws:SourceArn={Ref=OutboundSmsTopic}");
    }

    private Map<String, Object> function() {
        return template.resource("SendSmsFunction").orElseThrow().properties();
    }

    private Map<?, ?> variables() {
        return (Map<?, ?>) ((Map<?, ?>) function().get("Environment")).get("Variables");
    }

    private static String queueOf(Object getAtt) {
        return String.valueOf(((List<?>) ((Map<?, ?>) getAtt).get("Fn::GetAtt")).getFirst());
    }
}
