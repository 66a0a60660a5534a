package io.smsgate.local.cli.run;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Does what the Lambda Java runtime does with a handler string: loads the class, builds it (here from
 * the environment template.yaml gives the function), reads the event with the runtime's own
 * serialization for AWS event types, and calls the handler method.
 */
public final class HandlerInvoker {
    private final Object handler;
    private final Method method;
    private final Class<?> inputType;

    private HandlerInvoker(Object handler, Method method) {
        this.handler = handler;
        this.method = method;
        this.inputType = method.getParameterTypes()[0];
    }

    /** Builds the handler through its public {@code (Environment)} constructor: the function's cold start. */
    public static HandlerInvoker create(String handlerString, Environment environment) {
        String[] parts = handlerString.split("::", 2);
        String methodName = parts.length == 2 ? parts[1] : "handleRequest";
        try {
            Class<?> type = Class.forName(parts[0]);
            Object handler = type.getConstructor(Environment.class).newInstance(environment);
            Method method = Arrays.stream(type.getMethods())
                    .filter(m -> m.getName().equals(methodName) && m.getParameterCount() == 2 && !m.isBridge()
                            && m.getParameterTypes()[1] == Context.class)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(parts[0] + " has no " + methodName + "(event, Context)"));
            return new HandlerInvoker(handler, method);
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

    public Class<?> inputType() {
        return inputType;
    }

    @SuppressWarnings("unchecked")
    public Object readEvent(Path file) throws IOException {
        var serializer = serializer((Class<Object>) inputType);
        if (serializer.isPresent()) {
            try (InputStream in = Files.newInputStream(file)) {
                return serializer.get().fromJson(in);
            }
        }
        try {
            return Json.mapper().readValue(Files.readString(file), inputType);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not a " + inputType.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The event as the runtime would read it from a JSON text (its own serialization for AWS event types). */
    @SuppressWarnings("unchecked")
    public Object readEvent(String json) {
        var serializer = serializer((Class<Object>) inputType);
        if (serializer.isPresent()) {
            return serializer.get().fromJson(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return Json.mapper().readValue(json, inputType);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a " + inputType.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    public Object invoke(Object event, Context context) {
        try {
            return method.invoke(handler, event, context);
        } catch (InvocationTargetException e) {
            throw rethrow(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }

    String writeResult(Object result) {
        if (result == null) {
            return "null";
        }
        @SuppressWarnings("unchecked")
        var serializer = serializer((Class<Object>) result.getClass());
        if (serializer.isPresent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            serializer.get().toJson(result, out);
            return out.toString(StandardCharsets.UTF_8);
        }
        return Json.write(result);
    }

    @SuppressWarnings("unchecked")
    private static <T> java.util.Optional<PojoSerializer<T>> serializer(Class<T> type) {
        if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return java.util.Optional.of(LambdaEventSerializers.serializerFor(type, HandlerInvoker.class.getClassLoader()));
        }
        return java.util.Optional.empty();
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
