package io.smsgate.shared.json;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Input that is not the JSON we expect. It keeps only where parsing stopped: Jackson's own message
 * quotes the input, which may hold a phone number, so neither that message nor its cause is kept.
 */
public final class MalformedJsonException extends RuntimeException {
    public MalformedJsonException(String expected, JsonProcessingException cause) {
        super("not a valid " + expected + where(cause), null, false, false);
    }

    /** Valid JSON, but not the shape expected ("not a JSON object"). */
    public MalformedJsonException(String problem) {
        super(problem, null, false, false);
    }

    private static String where(JsonProcessingException cause) {
        if (cause == null || cause.getLocation() == null) {
            return "";
        }
        return " (line " + cause.getLocation().getLineNr() + ", column " + cause.getLocation().getColumnNr() + ")";
    }
}
