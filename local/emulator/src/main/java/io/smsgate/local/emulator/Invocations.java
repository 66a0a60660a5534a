package io.smsgate.local.emulator;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Calls a handler as the Lambda Java runtime calls a {@link RequestStreamHandler}: the event's bytes
 * in, whatever it writes out (empty for a function that answers nothing). What a handler throws, the
 * caller sees, as Lambda does; an {@link IOException} comes back unchecked.
 */
public final class Invocations {
    private Invocations() {
    }

    public static byte[] invoke(RequestStreamHandler handler, byte[] event, Context context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The same with JSON text: the event in, the answer out (empty when none). */
    public static String invoke(RequestStreamHandler handler, String event, Context context) {
        return new String(invoke(handler, event.getBytes(StandardCharsets.UTF_8), context), StandardCharsets.UTF_8);
    }
}
