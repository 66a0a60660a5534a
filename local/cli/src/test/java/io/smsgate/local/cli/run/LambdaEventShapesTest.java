package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * smsgate's own event records (io.smsgate.shared.lambda) use Lambda's field names: every sample event,
 * read by them and by the Lambda Java runtime's own serializer into aws-lambda-java-events' types (the
 * reference, on this test's class path only), gives the same values; and what smsgate writes (the local
 * harness's events, the handlers' answers) reads back through that serializer unchanged.
 */
class LambdaEventShapesTest {
    private static final Path EVENTS = Project.locate().resolve("events");

    @Test
    void everySnsSampleReadsAsTheRuntimeReadsIt() throws IOException {
        List<Path> samples = samples(EventKind.SNS);
        assertThat(samples).hasSizeGreaterThan(40);
        for (Path file : samples) {
            byte[] bytes = Files.readAllBytes(file);
            assertSame(file.toString(), Json.read(new String(bytes, StandardCharsets.UTF_8), SnsEvent.class), runtime(SNSEvent.class, bytes));
        }
    }

    @Test
    void everySqsSampleReadsAsTheRuntimeReadsIt() throws IOException {
        List<Path> samples = samples(EventKind.SQS);
        assertThat(samples).hasSizeGreaterThan(4);
        for (Path file : samples) {
            byte[] bytes = Files.readAllBytes(file);
            assertSame(file.toString(), Json.read(new String(bytes, StandardCharsets.UTF_8), SqsEvent.class), runtime(SQSEvent.class, bytes));
        }
    }

    @Test
    void everyHttpApiSampleReadsAsTheRuntimeReadsIt() throws IOException {
        List<Path> samples = samples(EventKind.HTTP_API);
        assertThat(samples).hasSizeGreaterThan(8);
        for (Path file : samples) {
            byte[] bytes = Files.readAllBytes(file);
            assertSame(file.toString(), Json.read(new String(bytes, StandardCharsets.UTF_8), HttpApiRequest.class),
                    runtime(APIGatewayV2HTTPEvent.class, bytes));
        }
    }

    @Test
    void theHarnessesEventsAreLambdas() {
        Pipeline.Subscription subscription = new Pipeline.Subscription("InboundSmsFunction", "InboundSmsTopic", "url", null, null,
                true, "arn:aws:sqs:us-east-1:000000000000:queue", 10, 2);
        var envelope = Json.tree("""
                {"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:us-east-1:000000000000:t","Message":"{}",
                "Timestamp":"2026-11-25T10:00:00.123Z","SignatureVersion":"1","MessageAttributes":{"kind":{"Type":"String","Value":"CODE"}}}""");
        SnsEvent sns = Pipeline.snsEvent(envelope, subscription);
        assertSame("Pipeline.snsEvent", sns, runtime(SNSEvent.class, LambdaEvents.bytes(sns)));

        Message received = Message.builder().messageId("q-1").receiptHandle("rh").body("{\"a\":1}")
                .attributesWithStrings(Map.of(MessageSystemAttributeName.SENT_TIMESTAMP.toString(), "1764064800000"))
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("TEXT").build())).build();
        SqsEvent sqs = Pipeline.sqsEvent(List.of(received), subscription);
        assertSame("Pipeline.sqsEvent", sqs, runtime(SQSEvent.class, LambdaEvents.bytes(sqs)));

        HttpApiRequest api = LocalSystem.apiEvent("POST", "/verifications/v-1/check", "{\"code\":\"123456\"}");
        assertSame("LocalSystem.apiEvent", api, runtime(APIGatewayV2HTTPEvent.class, LambdaEvents.bytes(api)));
    }

    @Test
    void theAnswersReadAsTheRuntimeReadsThem() throws IOException {
        SqsBatchResponse batch = new SqsBatchResponse(List.of(new SqsBatchResponse.ItemFailure("q-2"), new SqsBatchResponse.ItemFailure("q-5")));
        SQSBatchResponse theirs = runtime(SQSBatchResponse.class, written(batch));
        assertThat(theirs.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("q-2", "q-5");

        HttpApiResponse answer = new HttpApiResponse(429, Map.of("Content-Type", "application/json", "Retry-After", "30"),
                "{\"reason\":\"RESEND_COOLDOWN\"}", false);
        APIGatewayV2HTTPResponse read = runtime(APIGatewayV2HTTPResponse.class, written(answer));
        assertThat(read.getStatusCode()).isEqualTo(429);
        assertThat(read.getHeaders()).isEqualTo(answer.headers());
        assertThat(read.getBody()).isEqualTo(answer.body());
        assertThat(read.getIsBase64Encoded()).isFalse();
    }

    private static void assertSame(String what, SnsEvent ours, SNSEvent theirs) {
        assertThat(ours.records()).as(what).hasSameSizeAs(theirs.getRecords());
        for (int i = 0; i < ours.records().size(); i++) {
            SnsEvent.Record record = ours.records().get(i);
            SNSEvent.SNSRecord reference = theirs.getRecords().get(i);
            assertThat(record.eventSource()).as(what).isEqualTo(reference.getEventSource());
            assertThat(record.eventVersion()).as(what).isEqualTo(reference.getEventVersion());
            assertThat(record.eventSubscriptionArn()).as(what).isEqualTo(reference.getEventSubscriptionArn());
            SnsEvent.Notification sns = record.sns();
            SNSEvent.SNS referenceSns = reference.getSNS();
            assertThat(sns.type()).as(what).isEqualTo(referenceSns.getType());
            assertThat(sns.messageId()).as(what).isNotNull().isEqualTo(referenceSns.getMessageId());
            assertThat(sns.topicArn()).as(what).isEqualTo(referenceSns.getTopicArn());
            assertThat(sns.message()).as(what).isNotNull().isEqualTo(referenceSns.getMessage());
            assertThat(sns.publishedAt().toEpochMilli()).as(what).isEqualTo(referenceSns.getTimestamp().getMillis());
            Map<String, SNSEvent.MessageAttribute> attributes = referenceSns.getMessageAttributes() == null ? Map.of()
                    : referenceSns.getMessageAttributes();
            assertThat(sns.messageAttributes().keySet()).as(what).isEqualTo(attributes.keySet());
            sns.messageAttributes().forEach((name, value) -> {
                assertThat(value.type()).as(what + " " + name).isEqualTo(attributes.get(name).getType());
                assertThat(value.value()).as(what + " " + name).isEqualTo(attributes.get(name).getValue());
            });
        }
    }

    private static void assertSame(String what, SqsEvent ours, SQSEvent theirs) {
        assertThat(ours.records()).as(what).hasSameSizeAs(theirs.getRecords());
        for (int i = 0; i < ours.records().size(); i++) {
            SqsEvent.Message message = ours.records().get(i);
            SQSEvent.SQSMessage reference = theirs.getRecords().get(i);
            assertThat(message.messageId()).as(what).isNotNull().isEqualTo(reference.getMessageId());
            assertThat(message.receiptHandle()).as(what).isEqualTo(reference.getReceiptHandle());
            assertThat(message.body()).as(what).isNotNull().isEqualTo(reference.getBody());
            assertThat(message.attributes()).as(what).isEqualTo(reference.getAttributes() == null ? Map.of() : reference.getAttributes());
            assertThat(message.eventSource()).as(what).isEqualTo(reference.getEventSource());
            assertThat(message.eventSourceArn()).as(what).isNotNull().isEqualTo(reference.getEventSourceArn());
            assertThat(message.awsRegion()).as(what).isEqualTo(reference.getAwsRegion());
            Map<String, SQSEvent.MessageAttribute> attributes = reference.getMessageAttributes() == null ? Map.of()
                    : reference.getMessageAttributes();
            assertThat(message.messageAttributes().keySet()).as(what).isEqualTo(attributes.keySet());
            message.messageAttributes().forEach((name, value) -> {
                assertThat(value.stringValue()).as(what + " " + name).isEqualTo(attributes.get(name).getStringValue());
                assertThat(value.dataType()).as(what + " " + name).isEqualTo(attributes.get(name).getDataType());
            });
        }
    }

    private static void assertSame(String what, HttpApiRequest ours, APIGatewayV2HTTPEvent theirs) {
        assertThat(ours.version()).as(what).isEqualTo(theirs.getVersion());
        assertThat(ours.routeKey()).as(what).isNotNull().isEqualTo(theirs.getRouteKey());
        assertThat(ours.rawPath()).as(what).isEqualTo(theirs.getRawPath());
        assertThat(ours.headers()).as(what).isEqualTo(theirs.getHeaders());
        assertThat(ours.pathParameters()).as(what).isEqualTo(theirs.getPathParameters());
        assertThat(ours.body()).as(what).isEqualTo(theirs.getBody());
        assertThat(Boolean.TRUE.equals(ours.base64Encoded())).as(what).isEqualTo(theirs.getIsBase64Encoded());
        assertThat(ours.method()).as(what).isNotNull().isEqualTo(theirs.getRequestContext().getHttp().getMethod());
        assertThat(ours.requestContext().http().path()).as(what).isEqualTo(theirs.getRequestContext().getHttp().getPath());
        assertThat(ours.requestContext().routeKey()).as(what).isEqualTo(theirs.getRequestContext().getRouteKey());
        assertThat(ours.requestContext().requestId()).as(what).isEqualTo(theirs.getRequestContext().getRequestId());
        assertThat(ours.requestContext().stage()).as(what).isEqualTo(theirs.getRequestContext().getStage());
    }

    private static List<Path> samples(EventKind kind) throws IOException {
        try (Stream<Path> files = Files.walk(EVENTS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted()
                    .filter(f -> {
                        try {
                            return EventKind.ofSample(Json.tree(Files.readString(f))) == kind;
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    /** What the Lambda Java runtime's own serializer makes of these bytes (for a handler that takes its types). */
    private static <T> T runtime(Class<T> type, byte[] bytes) {
        return LambdaEventSerializers.serializerFor(type, LambdaEventShapesTest.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(bytes));
    }

    private static byte[] written(Object answer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEvents.write(out, answer);
        return out.toByteArray();
    }
}
