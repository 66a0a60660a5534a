package io.smsgate.local.cli.run;

import io.smsgate.shared.json.Json;
import io.smsgate.shared.log.Masking;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.pinpointsmsvoicev2.PinpointSmsVoiceV2Client;
import software.amazon.awssdk.services.pinpointsmsvoicev2.model.MessageType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Checks a deployed stack without bothering anyone: End User Messaging accepts a send from the stack's
 * origination identity through its configuration set (DryRun: validated, delivered nowhere); a HELP
 * text from a simulator number, published to InboundSmsTopic as End User Messaging would, is handled
 * by InboundSmsFunction (its idempotency record completes); no dead-letter queue holds anything.
 */
final class SmokeCheck {
    private final CloudFormationClient cloudFormation;
    private final PinpointSmsVoiceV2Client sms;
    private final SnsClient sns;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final PrintWriter out;
    private final List<String> failures = new ArrayList<>();

    SmokeCheck(CloudFormationClient cloudFormation, PinpointSmsVoiceV2Client sms, SnsClient sns, SqsClient sqs,
               DynamoDbClient dynamo, PrintWriter out) {
        this.cloudFormation = cloudFormation;
        this.sms = sms;
        this.sns = sns;
        this.sqs = sqs;
        this.dynamo = dynamo;
        this.out = out;
    }

    /** Runs every check; true when all passed. {@code simulator} is a destination simulator number. */
    boolean run(String stackName, String simulator, Duration wait) {
        Map<String, String> outputs = outputs(stackName);
        if (outputs.isEmpty()) {
            return false;
        }
        dryRunSend(outputs, simulator);
        String number = outputs.getOrDefault("InboundNumbers", "").split(",")[0].strip();
        helpThroughThePipeline(outputs, simulator, number, wait);
        deadLetterQueuesEmpty(outputs);
        out.println(failures.isEmpty() ? "smoke passed" : "smoke FAILED: " + String.join("; ", failures));
        out.flush();
        return failures.isEmpty();
    }

    private Map<String, String> outputs(String stackName) {
        try {
            Stack stack = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().getFirst();
            boolean ready = stack.stackStatusAsString().endsWith("_COMPLETE") && !stack.stackStatusAsString().contains("ROLLBACK");
            check(ready, "stack " + stackName + " is " + stack.stackStatusAsString());
            Map<String, String> outputs = new LinkedHashMap<>();
            stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            for (String needed : List.of("InboundSmsTopicArn", "IdempotencyTableName", "OriginationIdentity", "SmsConfigurationSetName",
                    "InboundNumbers")) {
                check(outputs.containsKey(needed), "output " + needed + " present");
            }
            return ready ? outputs : Map.of();
        } catch (RuntimeException e) {
            check(false, "stack " + stackName + " readable (" + e.getMessage() + ")");
            return Map.of();
        }
    }

    private void dryRunSend(Map<String, String> outputs, String simulator) {
        try {
            String id = sms.sendTextMessage(r -> r
                    .destinationPhoneNumber(simulator)
                    .originationIdentity(outputs.get("OriginationIdentity"))
                    .configurationSetName(outputs.get("SmsConfigurationSetName"))
                    .messageBody("smsgate smoke test (dry run)")
                    .messageType(MessageType.TRANSACTIONAL)
                    .dryRun(true)).messageId();
            check(true, "End User Messaging accepts a dry-run send from the stack's identity to " + Masking.phone(simulator)
                    + " (message id " + id + ")");
        } catch (RuntimeException e) {
            check(false, "dry-run send from " + outputs.get("OriginationIdentity") + " (" + e.getMessage() + ")");
        }
    }

    private void helpThroughThePipeline(Map<String, String> outputs, String simulator, String number, Duration wait) {
        String id = "smoke-" + UUID.randomUUID();
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("originationNumber", simulator);
        payload.put("destinationNumber", number);
        payload.put("messageKeyword", "HELP");
        payload.put("messageBody", "HELP");
        payload.put("inboundMessageId", id);
        payload.put("previousPublishedMessageId", "");
        try {
            sns.publish(r -> r.topicArn(outputs.get("InboundSmsTopicArn")).message(Json.write(payload)));
        } catch (RuntimeException e) {
            check(false, "publish a HELP text to InboundSmsTopic (" + e.getMessage() + ")");
            return;
        }
        String table = outputs.get("IdempotencyTableName");
        long deadline = System.nanoTime() + wait.toNanos();
        String status = "absent";
        do {
            Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS("InboundSms#" + id))).consistentRead(true)).item();
            status = item == null || item.isEmpty() ? "absent" : item.get("status").s();
            if ("COMPLETED".equals(status)) {
                break;
            }
            sleep(Duration.ofSeconds(1));
        } while (System.nanoTime() < deadline);
        check("COMPLETED".equals(status), "a HELP text from " + Masking.phone(simulator) + " to " + number
                + " was handled by InboundSmsFunction (inboundMessageId " + id + ": " + status + ")");
    }

    private void deadLetterQueuesEmpty(Map<String, String> outputs) {
        outputs.forEach((name, url) -> {
            if (name.endsWith("DeadLetterQueueUrl")) {
                try {
                    String count = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                            .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                    check("0".equals(count), name.replace("Url", "") + " holds " + count + " message(s)");
                } catch (RuntimeException e) {
                    check(false, name + " readable (" + e.getMessage() + ")");
                }
            }
        });
    }

    private void check(boolean ok, String what) {
        out.println((ok ? "  ok      " : "  FAILED  ") + what);
        out.flush();
        if (!ok) {
            failures.add(what);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
