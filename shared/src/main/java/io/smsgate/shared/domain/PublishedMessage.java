package io.smsgate.shared.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * A message this system publishes to a topic: JSON with a {@code type} and a {@code version}, and as
 * SNS message attributes only the fields subscriptions filter on. Phone numbers are never attributes.
 */
public interface PublishedMessage {
    /** The only attribute names a message may carry; the publisher refuses any other. */
    java.util.Set<String> ATTRIBUTE_NAMES = java.util.Set.of("command", "country", "kind", "type");

    String type();

    int version();

    @JsonIgnore
    Map<String, String> attributes();

    /** For record constructors: refuses a message of another type or version than the record reads. */
    static void requireEnvelope(String expectedType, int expectedVersion, String type, int version) {
        if (!expectedType.equals(type) || version != expectedVersion) {
            throw new IllegalArgumentException("not a " + expectedType + " v" + expectedVersion + ": " + type + " v" + version);
        }
    }
}
