package io.smsgate.local.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule that picks a function's memory size from a sweep, and the CPU share a size gets. */
class MemorySweepTest {
    private static final long MB = 1024L * 1024L;

    @Test
    void anInputOutputBoundFunctionRunsAtTheSmallestSizeThatKeepsItsLatency() {
        MemorySweep.Size small = new MemorySweep.Size(512, 900, 40, 30, 150 * MB);
        MemorySweep.Size medium = new MemorySweep.Size(1024, 500, 30, 25, 150 * MB);
        MemorySweep.Size large = new MemorySweep.Size(1769, 300, 28, 24, 150 * MB);

        assertThat(MemorySweep.choose(List.of(small, medium, large), false)).isEqualTo(small);
    }

    @Test
    void aCpuBoundFunctionIsNotShrunkPastTheLatencyTolerance() {
        // The PIN's PBKDF2: time falls with the CPU share. 512 MB is slower than 1.5x the fastest; 1024 MB is within
        // it and bills fewer GB-seconds than 1769 MB (1.0 x 110 ms against 1.73 x 80 ms).
        MemorySweep.Size small = new MemorySweep.Size(512, 900, 300, 210, 150 * MB);
        MemorySweep.Size medium = new MemorySweep.Size(1024, 500, 160, 110, 150 * MB);
        MemorySweep.Size large = new MemorySweep.Size(1769, 300, 120, 80, 150 * MB);

        assertThat(MemorySweep.choose(List.of(small, medium, large), false)).isEqualTo(medium);
    }

    @Test
    void forAFunctionAPersonWaitsOnTheFirstInvocationAfterARestoreCountsToo() {
        MemorySweep.Size small = new MemorySweep.Size(512, 5000, 430, 18, 90 * MB);
        MemorySweep.Size medium = new MemorySweep.Size(1024, 4000, 90, 17, 90 * MB);
        MemorySweep.Size large = new MemorySweep.Size(1769, 3000, 67, 13, 90 * MB);

        assertThat(MemorySweep.choose(List.of(small, medium, large), false)).isEqualTo(small);
        assertThat(MemorySweep.choose(List.of(small, medium, large), true)).isEqualTo(medium);
    }

    @Test
    void aSizeWhosePeakLeavesNoHeadroomIsNotPicked() {
        MemorySweep.Size tight = new MemorySweep.Size(512, 900, 40, 30, 450 * MB);
        MemorySweep.Size roomy = new MemorySweep.Size(1024, 500, 35, 28, 450 * MB);

        assertThat(MemorySweep.choose(List.of(tight, roomy), false)).isEqualTo(roomy);
    }

    @Test
    void withNoSizeQualifyingTheLargestIsPicked() {
        MemorySweep.Size unmeasured = new MemorySweep.Size(512, 900, 40, 30, -1);
        MemorySweep.Size full = new MemorySweep.Size(1024, 500, 35, 28, 1000 * MB);

        assertThat(MemorySweep.choose(List.of(unmeasured, full), false)).isEqualTo(full);
    }

    @Test
    void aWarmInvocationBillsWholeMillisecondsAtItsSize() {
        assertThat(new MemorySweep.Size(512, 0, 0, 20.2, 0).gbSecondsPerWarmInvoke()).isEqualTo(0.5 * 21 / 1000.0);
    }

    @Test
    void theCpuShareIsLambdasOneVcpuAt1769Mb() {
        assertThat(LambdaSizedCgroup.quotaMicros(1769)).isEqualTo(100_000);
        assertThat(LambdaSizedCgroup.quotaMicros(512)).isEqualTo(28_943);
        assertThat(LambdaSizedCgroup.quotaMicros(3538)).isEqualTo(200_000);
    }
}
