package io.smsgate.twofactor;

import java.time.Duration;
import java.time.Instant;

/** The two send queues, as SendSmsFunction sees them beyond its event source. */
interface SendQueues {
    /** Makes a message it did not finish come back after {@code delay} instead of the queue's visibility timeout. */
    void retryAfter(String eventSourceArn, String receiptHandle, Duration delay);

    /**
     * How many codes wait in CodeSendQueue for a consumer (visible ones: a code in flight or backing off
     * is not counted). Replies wait while there are any, and at least as long as those codes take at the rate.
     */
    long codesQueued(Instant now);

    /** No queues (a direct invocation): messages come back after the visibility timeout, replies never wait for codes. */
    static SendQueues none() {
        return new SendQueues() {
            @Override
            public void retryAfter(String eventSourceArn, String receiptHandle, Duration delay) {
            }

            @Override
            public long codesQueued(Instant now) {
                return 0;
            }
        };
    }
}
