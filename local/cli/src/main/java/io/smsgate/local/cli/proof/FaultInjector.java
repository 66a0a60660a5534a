package io.smsgate.local.cli.proof;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Seeded faults in the AWS calls of the functions running locally, installed in every client a
 * function builds (through {@code Environment.withClientInterceptors}, which only code can set).
 * Each HTTP attempt draws once from one seeded {@link Random}: with probability {@code rate} it fails,
 * either {@link When#BEFORE_REQUEST} (the request never left: the emulator never saw it) or
 * {@link When#AFTER_RESPONSE} (the emulator applied it, the caller sees a failure), as a timeout, a
 * 5xx, throttling or a connection reset. Throttling is only ever injected before the request: a
 * throttling answer from AWS is a definite "not applied" (the caller may and does retry it), so a
 * throttle after the call was applied is a failure AWS never produces, and a harness that injects one
 * reports duplicates that cannot happen. The SDK's own retries then run as they would against AWS.
 * The same seed and the same sequence of calls give the same faults.
 *
 * <p>Local and test code only: no function module depends on this module.
 */
final class FaultInjector {
    /** Marks every exception this class throws, so a failure can be traced to an injected fault. */
    static final String MARK = "injected fault";

    enum Kind {
        TIMEOUT, SERVER_ERROR, THROTTLING, CONNECTION_RESET;

        /** Whether AWS can answer this way after it has applied the call (throttling means it did not). */
        boolean canFollowAppliedCall() {
            return this != THROTTLING;
        }
    }

    enum When { BEFORE_REQUEST, AFTER_RESPONSE }

    /** One injected fault: where, what and when. */
    record Injected(long sequence, String function, String service, String operation, Kind kind, When when) {
    }

    private final Random random;
    private final double rate;
    private final List<Injected> injected = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean armed;
    private long sequence;

    FaultInjector(long seed, double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a fault rate is between 0 and 1, not " + rate);
        }
        this.random = new Random(seed);
        this.rate = rate;
    }

    /** Faults are injected only while armed (not while handlers start and read their secrets). */
    void arm(boolean on) {
        this.armed = on;
    }

    /** The interceptor for one function's clients. */
    ExecutionInterceptor forFunction(String function) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                maybeFail(function, attributes, When.BEFORE_REQUEST);
            }

            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                maybeFail(function, attributes, When.AFTER_RESPONSE);
            }
        };
    }

    private void maybeFail(String function, ExecutionAttributes attributes, When when) {
        if (!armed) {
            return;
        }
        Kind kind;
        long number;
        synchronized (random) {
            // One draw per attempt: the before-request draw decides for both points of that attempt.
            if (when == When.AFTER_RESPONSE) {
                if (pendingAfter == null) {
                    return;
                }
                kind = pendingAfter;
                pendingAfter = null;
            } else {
                pendingAfter = null;
                if (random.nextDouble() >= rate) {
                    return;
                }
                kind = Kind.values()[random.nextInt(Kind.values().length)];
                boolean after = random.nextBoolean();
                if (after && kind.canFollowAppliedCall()) {
                    pendingAfter = kind;
                    return;
                }
            }
            number = ++sequence;
        }
        String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        String operation = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        injected.add(new Injected(number, function, service, operation, kind, when));
        throw exception(kind, when, number, service, operation);
    }

    private Kind pendingAfter;

    static RuntimeException exception(Kind kind, When when, long number, String service, String operation) {
        String message = MARK + " #" + number + " (" + kind + " " + when + " " + service + "." + operation + ")";
        return switch (kind) {
            case TIMEOUT -> SdkClientException.builder().message(message)
                    .cause(new SocketTimeoutException("Read timed out")).build();
            case CONNECTION_RESET -> SdkClientException.builder().message(message)
                    .cause(new SocketException("Connection reset")).build();
            case SERVER_ERROR -> AwsServiceException.builder().message(message).statusCode(500)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure").errorMessage(message)
                            .serviceName(service).build()).build();
            case THROTTLING -> AwsServiceException.builder().message(message).statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").errorMessage(message)
                            .serviceName(service).build()).build();
        };
    }

    /** True when an injected fault is in the chain of causes (or suppressed) of {@code failure}. */
    static boolean injectedIn(Throwable failure) {
        return findIn(failure, 0);
    }

    private static boolean findIn(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        if (t.getMessage() != null && t.getMessage().contains(MARK)) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (findIn(suppressed, depth + 1)) {
                return true;
            }
        }
        return findIn(t.getCause(), depth + 1);
    }

    List<Injected> injected() {
        synchronized (injected) {
            return List.copyOf(injected);
        }
    }

    Map<When, Integer> countsByWhen() {
        Map<When, Integer> counts = new EnumMap<>(When.class);
        for (Injected fault : injected()) {
            counts.merge(fault.when(), 1, Integer::sum);
        }
        return counts;
    }
}
