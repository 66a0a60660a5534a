package io.smsgate.local.cli.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.LambdaEvents;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;

/**
 * Does what the Lambda Java runtime does with a handler string: loads the class, builds it (here from
 * the environment template.yaml gives the function), and hands the event's bytes to its
 * {@link RequestStreamHandler#handleRequest} with an output stream for its answer. Every smsgate handler
 * is a stream handler that reads its own event (io.smsgate.shared.lambda), so there is no serializer
 * in between: what reaches the handler is exactly the bytes given.
 */
public final class HandlerInvoker {
    private final RequestStreamHandler handler;

    private HandlerInvoker(RequestStreamHandler handler) {
        this.handler = handler;
    }

    /** Builds the handler through its public {@code (Environment)} constructor: the function's cold start. */
    public static HandlerInvoker create(String handlerString, Environment environment) {
        String[] parts = handlerString.split("::", 2);
        if (parts.length == 2 && !parts[1].equals("handleRequest")) {
            throw new IllegalArgumentException(handlerString + ": a stream handler's method is handleRequest");
        }
        try {
            Class<?> type = Class.forName(parts[0]);
            if (!RequestStreamHandler.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(parts[0] + " is not a RequestStreamHandler");
            }
            return new HandlerInvoker((RequestStreamHandler) type.getConstructor(Environment.class).newInstance(environment));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("handler class " + parts[0] + " is not on the classpath", e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(parts[0] + " has no public (Environment) constructor", e);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + parts[0], e);
        }
    }

    /** The event's bytes in, the answer's bytes out (none for a function an SNS subscription invokes). */
    public byte[] invoke(byte[] event, Context context) {
        return io.smsgate.local.emulator.Invocations.invoke(handler, event, context);
    }

    /** An event built from smsgate's records (io.smsgate.shared.lambda), written as Lambda would pass it. */
    public byte[] invoke(Object event, Context context) {
        return invoke(LambdaEvents.bytes(event), context);
    }

    /** The same, with the answer read as {@code answerType} (an HTTP API response, a batch response). */
    public <T> T invoke(Object event, Class<T> answerType, Context context) {
        return Json.read(new String(invoke(event, context), StandardCharsets.UTF_8), answerType);
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
