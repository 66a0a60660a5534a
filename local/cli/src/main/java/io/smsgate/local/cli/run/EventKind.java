package io.smsgate.local.cli.run;

import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.lambda.SqsEvent;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a function of template.yaml is invoked with, by its {@code Events} (SAM event source types):
 * every handler reads its own bytes, so the template, not a handler's signature, says which event it
 * takes. {@code record} is the smsgate type (io.smsgate.shared.lambda) the handler reads it into.
 */
public enum EventKind {
    SNS("SNS", SnsEvent.class),
    SQS("SQS", SqsEvent.class),
    HTTP_API("HTTP API", HttpApiRequest.class);

    private final String label;
    private final Class<?> record;

    EventKind(String label, Class<?> record) {
        this.label = label;
        this.record = record;
    }

    public String label() {
        return label;
    }

    public Class<?> record() {
        return record;
    }

    /** The one kind of event a function's {@code Events} give it; a function with none, or with two kinds, is refused. */
    public static EventKind of(CloudFormationTemplate.Resource function) {
        Set<String> types = new TreeSet<>();
        for (Object value : function.map("Events").values()) {
            if (value instanceof Map<?, ?> event && event.get("Type") != null) {
                types.add(String.valueOf(event.get("Type")));
            }
        }
        if (types.size() != 1) {
            throw new IllegalArgumentException(function.logicalId() + " has event sources " + types + ": expected one kind");
        }
        return switch (types.iterator().next()) {
            case "SNS" -> SNS;
            case "SQS" -> SQS;
            case "HttpApi" -> HTTP_API;
            default -> throw new IllegalArgumentException(function.logicalId() + ": no local invocation for event type " + types);
        };
    }

    /** The kind of a sample event, by its shape (SNS's capitalised records, SQS's receipt handles, the HTTP API's route key). */
    public static EventKind ofSample(com.fasterxml.jackson.databind.JsonNode event) {
        if (event.path("Records").path(0).has("Sns")) {
            return SNS;
        }
        if (event.path("Records").path(0).path("eventSource").asText().equals("aws:sqs")) {
            return SQS;
        }
        if (event.has("routeKey") && event.path("requestContext").has("http")) {
            return HTTP_API;
        }
        throw new IllegalArgumentException("not an SNS, SQS or HTTP API event");
    }
}
