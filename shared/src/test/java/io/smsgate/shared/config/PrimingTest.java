package io.smsgate.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Warm-ups begun beside a function's start: on their own thread, waited for on close, never failing the start. */
class PrimingTest {
    @Test
    void aWarmUpInTheBackgroundRunsBesideTheCallerAndCloseWaitsForIt() throws Exception {
        CountDownLatch callerGoesOn = new CountDownLatch(1);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        Priming.Background background = Priming.inBackground("test", () -> {
            ranOn.set(Thread.currentThread());
            try {
                // Only finishes once the caller has gone on with its own work: the two overlap.
                assertThat(callerGoesOn.await(5, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        });
        callerGoesOn.countDown();
        background.close();
        assertThat(finished).isTrue();
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(ranOn.get().isDaemon()).isTrue();
    }

    @Test
    void aFailingWarmUpLeavesTheStartToTheFirstEvent() {
        Priming.Background background = Priming.inBackground("test", () -> {
            throw new IllegalStateException("priming refused");
        });
        assertThatCode(background::close).doesNotThrowAnyException();
    }

    @Test
    void aWarmUpInTheBackgroundIsNotAHookForTheSnapshot() throws Exception {
        int before = Priming.registered();
        try (Priming.Background ignored = Priming.inBackground("test", () -> {
        })) {
            assertThat(Priming.registered()).isEqualTo(before);
        }
    }
}
