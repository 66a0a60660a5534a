package io.smsgate.local.emulator;

import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * Lets the clients that install it send one DynamoDB request at a time, for tests that run a
 * function's work side by side against moto.
 *
 * <p>DynamoDB applies the writes to one item one after the other: an {@code ADD} in an update or in a
 * transaction is never lost to a concurrent one. moto's server does not promise that to concurrent
 * requests. Two transactions that add to the same counter at the same moment can leave it one short,
 * so a test that counts would be judging moto. With this interceptor installed
 * ({@code Environment.withClientInterceptors}), DynamoDB requests wait for each other. Everything else
 * (the provider, SNS, SQS, the work between requests) still runs side by side. Retries happen inside
 * one execution, so they keep their turn.
 */
public final class DynamoDbOneAtATime implements ExecutionInterceptor {
    private static final ExecutionAttribute<Boolean> HELD = new ExecutionAttribute<>("smsgate.dynamoDbOneAtATime");

    private final Semaphore turn = new Semaphore(1, true);

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof DynamoDbRequest) {
            turn.acquireUninterruptibly();
            attributes.putAttribute(HELD, true);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        release(attributes);
    }

    private void release(ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(HELD))) {
            attributes.putAttribute(HELD, false);
            turn.release();
        }
    }
}
