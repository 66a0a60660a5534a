package io.smsgate.shared.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.shared.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * smsgate's own event records read what Lambda delivers (the field names of its SNS, SQS and HTTP API
 * payloads, as in the samples under events/), ignore what they do not use, and write what Lambda reads
 * back (the partial batch response, the HTTP API response); bytes that are no such event are a logged
 * rejection, never an exception.
 */
class LambdaEventsTest {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaEventsTest.class);
    private LogCapture logs;

    @BeforeEach
    void capture() {
        logs = LogCapture.start();
    }

    @AfterEach
    void release() {
        logs.close();
    }

    @Test
    void anSnsEventIsReadByLambdasCapitalisedKeysAndUnknownFieldsAreIgnored() throws IOException {
        String event = """
                {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn":"arn:aws:sns:us-east-1:1:t:sub",
                "Sns":{"Type":"Notification","MessageId":"m-1","TopicArn":"arn:aws:sns:us-east-1:1:t","Subject":null,
                "Message":"{\\"a\\":1}","Timestamp":"2026-11-25T10:00:00.123Z","SignatureVersion":"1","Signature":"x",
                "SigningCertUrl":"u","UnsubscribeUrl":"u","MessageAttributes":{"kind":{"Type":"String","Value":"CODE"}}}}]}""";
        List<SnsEvent.Notification> notifications = LambdaEvents.notifications(in(event), LOG, "test event");

        assertThat(notifications).singleElement().satisfies(sns -> {
            assertThat(sns.messageId()).isEqualTo("m-1");
            assertThat(sns.topicArn()).isEqualTo("arn:aws:sns:us-east-1:1:t");
            assertThat(sns.message()).isEqualTo("{\"a\":1}");
            assertThat(sns.type()).isEqualTo("Notification");
            assertThat(sns.publishedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00.123Z"));
            assertThat(sns.messageAttributes()).containsExactly(Map.entry("kind", new SnsEvent.MessageAttribute("String", "CODE")));
        });
        assertThat(logs.lines()).isEmpty();
    }

    @Test
    void aTimestampThatIsNotIsoEightSixOAOneIsNoTimestampNotAFailure() {
        assertThat(SnsEvent.Notification.of("m", "t", "{}", "yesterday").publishedAt()).isNull();
        assertThat(SnsEvent.Notification.of("m", "t", "{}", null).publishedAt()).isNull();
    }

    @Test
    void anSqsEventIsReadByLambdasCamelCaseKeysWithEventSourceArnInCapitals() throws IOException {
        String event = """
                {"Records":[{"messageId":"id-1","receiptHandle":"rh","body":"{}","attributes":{"ApproximateReceiveCount":"3",
                "SentTimestamp":"1764064800000","SenderId":"s","ApproximateFirstReceiveTimestamp":"1"},
                "messageAttributes":{"kind":{"stringValue":"CODE","stringListValues":[],"binaryListValues":[],"dataType":"String"}},
                "md5OfBody":"x","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:1:q","awsRegion":"us-east-1"}]}""";
        SqsEvent.Message message = LambdaEvents.read(in(event), SqsEvent.class, LOG, "test event").orElseThrow().records().getFirst();

        assertThat(message.messageId()).isEqualTo("id-1");
        assertThat(message.receiptHandle()).isEqualTo("rh");
        assertThat(message.body()).isEqualTo("{}");
        assertThat(message.receiveCount()).isEqualTo(3);
        assertThat(message.attributes()).containsEntry(SqsEvent.Message.SENT_TIMESTAMP, "1764064800000");
        assertThat(message.messageAttributes()).containsExactly(Map.entry("kind", new SqsEvent.MessageAttribute("CODE", "String")));
        assertThat(message.eventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:1:q");
        assertThat(Json.tree(new String(LambdaEvents.bytes(new SqsEvent(List.of(message))), StandardCharsets.UTF_8))
                .path("Records").path(0).has("eventSourceARN")).as("written back under Lambda's name").isTrue();
    }

    @Test
    void aReceiveCountThatIsMissingOrNotANumberCountsAsTheFirst() {
        assertThat(new SqsEvent.Message("m", "r", "{}", null, null, "aws:sqs", "arn", "us-east-1").receiveCount()).isEqualTo(1);
        assertThat(new SqsEvent.Message("m", "r", "{}", Map.of("ApproximateReceiveCount", "many"), null, "aws:sqs", "arn", "us-east-1")
                .receiveCount()).isEqualTo(1);
    }

    @Test
    void theBatchResponseIsWrittenAsLambdaReadsIt() throws IOException {
        JsonNode written = written(new SqsBatchResponse(List.of(new SqsBatchResponse.ItemFailure("id-2"))));
        assertThat(written.toString()).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"id-2\"}]}");
        assertThat(written(new SqsBatchResponse(List.of())).toString()).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void anHttpApiRequestIsReadFromPayloadFormatTwo() throws IOException {
        String event = """
                {"version":"2.0","routeKey":"POST /verifications/{id}/check","rawPath":"/verifications/v-1/check","rawQueryString":"",
                "cookies":["c=1"],"headers":{"content-type":"application/json"},"pathParameters":{"id":"v-1"},
                "requestContext":{"accountId":"1","apiId":"a","domainName":"d","http":{"method":"POST","path":"/verifications/v-1/check",
                "protocol":"HTTP/1.1","sourceIp":"192.0.2.1","userAgent":"ua"},"requestId":"r-1","routeKey":"POST /verifications/{id}/check",
                "stage":"$default","time":"25/Nov/2026:10:00:00 +0000","timeEpoch":1764064800000,"authorizer":{"iam":{"accountId":"1"}}},
                "body":"eyJjb2RlIjoiMTIzNDU2In0=","isBase64Encoded":true}""";
        HttpApiRequest request = LambdaEvents.read(in(event), HttpApiRequest.class, LOG, "test event").orElseThrow();

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/verifications/v-1/check");
        assertThat(request.routeKey()).isEqualTo("POST /verifications/{id}/check");
        assertThat(request.pathParameters()).containsExactly(Map.entry("id", "v-1"));
        assertThat(request.body()).isEqualTo("eyJjb2RlIjoiMTIzNDU2In0=");
        assertThat(request.base64Encoded()).isTrue();
        assertThat(request.requestContext().requestId()).isEqualTo("r-1");
    }

    @Test
    void withoutARawPathThePathComesFromTheRequestContext() {
        HttpApiRequest request = new HttpApiRequest("2.0", "$default", null, null, null,
                new HttpApiRequest.RequestContext("r", "$default", "$default", new HttpApiRequest.Http("GET", "/x")), null, null);
        assertThat(request.path()).isEqualTo("/x");
        assertThat(new HttpApiRequest("2.0", "$default", null, null, null, null, null, null).method()).isNull();
    }

    @Test
    void theHttpApiResponseIsWrittenWithLambdasNamesAndNothingElse() throws IOException {
        JsonNode written = written(new HttpApiResponse(202, Map.of("Content-Type", "application/json"), "{\"id\":\"v\"}", false));
        assertThat(written.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("statusCode", "headers", "body", "isBase64Encoded");
        assertThat(written.path("statusCode").asInt()).isEqualTo(202);
        assertThat(written.path("isBase64Encoded").isBoolean()).isTrue();
        assertThat(Json.read(written.toString(), HttpApiResponse.class).base64Encoded()).isFalse();
    }

    @Test
    void writingLeavesTheRuntimesStreamOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        LambdaEvents.write(out, new SqsBatchResponse(List.of()));
        assertThat(closed[0]).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void bytesThatAreNotTheEventAreALoggedRejectionThatNeverQuotesThem() throws IOException {
        for (String bytes : List.of("", "not json +447700900123", "{\"Records\":{\"Sns\":1}}", "[1,2]",
                "{\"Records\":[{\"Sns\":{\"Message\":{\"phone\":\"+447700900123\"}}}]}")) {
            logs.clear();
            assertThat(LambdaEvents.notifications(in(bytes), LOG, "test event")).as(bytes).isEmpty();
            assertThat(logs.all()).as(bytes).contains("test event rejected: reason=UNREADABLE_EVENT")
                    .doesNotContain("7700900123");
        }
    }

    @Test
    void nullNoRecordsAndARecordWithoutSnsAreEmptyEvents() throws IOException {
        for (String event : List.of("null", "{}", "{\"Records\":[]}", "{\"Records\":[{\"EventSource\":\"aws:sns\"}]}")) {
            logs.clear();
            assertThat(LambdaEvents.notifications(in(event), LOG, "test event")).as(event).isEmpty();
            assertThat(logs.all()).as(event).contains("test event rejected: reason=EMPTY_EVENT");
        }
        assertThat(LambdaEvents.read(in("null"), SqsEvent.class, LOG, "test event")).isEqualTo(Optional.empty());
    }

    @Test
    void aFaultReadingTheStreamIsAFaultNotARejection() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> LambdaEvents.read(broken, SqsEvent.class, LOG, "test event")).isInstanceOf(IOException.class)
                .hasMessage("connection reset");
    }

    @Test
    void everySampleEventParsesIntoItsRecord() throws IOException {
        Path events = Path.of(System.getProperty("smsgate.root"), "events");
        int read = 0;
        try (Stream<Path> files = Files.walk(events)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json = Json.tree(Files.readString(file));
                if (json.path("Records").path(0).has("Sns")) {
                    assertThat(LambdaEvents.notifications(Files.newInputStream(file), LOG, file.toString()))
                            .as(file.toString()).isNotEmpty().allSatisfy(sns -> {
                                assertThat(sns.messageId()).isNotBlank();
                                assertThat(sns.message()).isNotNull();
                                assertThat(sns.publishedAt()).isNotNull();
                            });
                } else if (json.path("Records").path(0).has("receiptHandle")) {
                    SqsEvent sqs = LambdaEvents.read(Files.newInputStream(file), SqsEvent.class, LOG, file.toString()).orElseThrow();
                    assertThat(sqs.records()).as(file.toString()).isNotEmpty().allSatisfy(message -> {
                        assertThat(message.messageId()).isNotBlank();
                        assertThat(message.body()).isNotNull();
                        assertThat(message.eventSourceArn()).isNotBlank();
                    });
                } else {
                    HttpApiRequest request = LambdaEvents.read(Files.newInputStream(file), HttpApiRequest.class, LOG, file.toString())
                            .orElseThrow();
                    assertThat(request.method()).as(file.toString()).isNotBlank();
                    assertThat(request.path()).as(file.toString()).startsWith("/");
                }
                read++;
            }
        }
        assertThat(read).isGreaterThan(60);
        assertThat(logs.all()).doesNotContain("rejected");
    }

    private static InputStream in(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode written(Object answer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LambdaEvents.write(out, answer);
        return Json.tree(out.toString(StandardCharsets.UTF_8));
    }
}
