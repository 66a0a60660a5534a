package io.smsgate.shared.config;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;
import org.joda.time.DateTime;

/**
 * The Lambda event types a handler receives, built and read as the runtime and the handler do (the SNS
 * record with its Joda timestamp; the HTTP API event and response), so their classes are loaded and
 * initialised before the snapshot. The runtime's own JSON reader lives outside the function's jar and
 * cannot be primed from here.
 */
public final class EventPriming {
    private EventPriming() {
    }

    public static void sns() {
        SNSEvent.SNS sns = new SNSEvent.SNS()
                .withMessageId("priming").withMessage("{}").withType("Notification")
                .withTimestamp(DateTime.parse("2026-01-01T00:00:00.000Z"))
                .withMessageAttributes(Map.of("kind", new SNSEvent.MessageAttribute().withType("String").withValue("PRIMING")));
        SNSEvent event = new SNSEvent().withRecords(List.of(new SNSEvent.SNSRecord().withSns(sns).withEventSource("aws:sns")));
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            record.getSNS().getTimestamp().getMillis();
            record.getSNS().getMessageAttributes().forEach((name, value) -> value.getValue());
        }
    }

    /** An SQS batch and its partial-failure answer, as a queue-fed handler reads and returns them. */
    public static void sqs() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("priming");
        message.setBody("{}");
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:priming");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            record.getAttributes().get("ApproximateReceiveCount");
        }
        SQSBatchResponse.builder().withBatchItemFailures(List.of(new SQSBatchResponse.BatchItemFailure("priming"))).build()
                .getBatchItemFailures().size();
    }

    public static void httpApi() {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRawPath("/priming").withRouteKey("GET /priming").withBody("{}").withIsBase64Encoded(false)
                .withPathParameters(Map.of("id", "priming"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").withPath("/priming").build())
                        .build())
                .build();
        event.getRequestContext().getHttp().getMethod();
        APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(Map.of("content-type", "application/json"))
                .withBody("").withIsBase64Encoded(false).build();
    }
}
