package io.smsgate.shared.config;

import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda events a handler receives, read from bytes and answered as the handler does (the SNS
 * notification with its timestamp; the SQS batch and its partial-failure answer; the HTTP API event
 * and response), through {@link LambdaEvents}, so the JSON readers of those records are built before
 * the snapshot. Since the handlers read their own bytes, this is the whole event path.
 */
public final class EventPriming {
    private static final Logger LOG = LoggerFactory.getLogger(EventPriming.class);

    private EventPriming() {
    }

    public static void sns() {
        String event = """
                {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0","EventSubscriptionArn":"arn:aws:sns:us-east-1:000000000000:priming",\
                "Sns":{"Type":"Notification","MessageId":"priming","TopicArn":"arn:aws:sns:us-east-1:000000000000:priming","Message":"{}",\
                "Timestamp":"2026-01-01T00:00:00.000Z","MessageAttributes":{"kind":{"Type":"String","Value":"PRIMING"}}}}]}""";
        try {
            for (var sns : LambdaEvents.notifications(in(event), LOG, "priming event")) {
                sns.publishedAt();
                sns.messageAttributes().forEach((name, value) -> value.value());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SQS batch and its partial-failure answer, as a queue-fed handler reads and returns them. */
    public static void sqs() {
        String event = """
                {"Records":[{"messageId":"priming","receiptHandle":"priming","body":"{}","attributes":{"ApproximateReceiveCount":"1",\
                "SentTimestamp":"1767225600000"},"messageAttributes":{"kind":{"stringValue":"PRIMING","dataType":"String"}},\
                "eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:priming","awsRegion":"us-east-1"}]}""";
        try {
            for (SqsEvent.Message record : LambdaEvents.read(in(event), SqsEvent.class, LOG, "priming event").orElseThrow().records()) {
                record.receiveCount();
            }
            LambdaEvents.write(new ByteArrayOutputStream(), new SqsBatchResponse(List.of(new SqsBatchResponse.ItemFailure("priming"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void httpApi() {
        String event = """
                {"version":"2.0","routeKey":"GET /priming","rawPath":"/priming","headers":{"content-type":"application/json"},\
                "pathParameters":{"id":"priming"},"requestContext":{"requestId":"priming","routeKey":"GET /priming","stage":"$default",\
                "http":{"method":"GET","path":"/priming"}},"body":"{}","isBase64Encoded":false}""";
        try {
            HttpApiRequest request = LambdaEvents.read(in(event), HttpApiRequest.class, LOG, "priming event").orElseThrow();
            request.method();
            request.path();
            LambdaEvents.write(new ByteArrayOutputStream(),
                    new HttpApiResponse(204, Map.of("content-type", "application/json"), "", false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteArrayInputStream in(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
