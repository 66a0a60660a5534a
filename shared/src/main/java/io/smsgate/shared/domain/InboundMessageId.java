package io.smsgate.shared.domain;

import java.util.regex.Pattern;

/**
 * What an {@code inboundMessageId} may look like: End User Messaging's ids, and the ones this system
 * derives keys and log context from. One rule for every function that reads one from outside.
 */
public final class InboundMessageId {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private InboundMessageId() {
    }

    /** The message's {@code inboundMessageId} field when it is a valid id, else null (for log context). */
    public static String usable(com.fasterxml.jackson.databind.JsonNode message) {
        String id = message.path("inboundMessageId").isTextual() ? message.path("inboundMessageId").asText() : null;
        return isValid(id) ? id : null;
    }

    /** 1 to 128 of letters, digits, {@code . _ : -}, starting with a letter or digit. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
