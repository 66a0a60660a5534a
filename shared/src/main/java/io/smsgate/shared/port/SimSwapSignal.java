package io.smsgate.shared.port;

import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.SimSwapStatus;

/**
 * Whether a number's SIM changed recently (the CAMARA SIM Swap API, through an aggregator). An adapter
 * never throws for the provider's answers or faults: anything but a clear yes or no is UNKNOWN, and the
 * country policy decides what UNKNOWN means ({@link io.smsgate.shared.domain.SimSwapCheck}).
 */
public interface SimSwapSignal {
    /** Whether the SIM of {@code number} changed within the last {@code maxAgeHours} hours (1-2400). */
    SimSwapStatus check(PhoneNumber number, int maxAgeHours);

    /** True when a provider is configured: with none, every check is OFF whatever the policy says. */
    boolean configured();

    /** No provider: never asked, always UNKNOWN (callers treat the check as OFF, see {@link #configured()}). */
    static SimSwapSignal none() {
        return new SimSwapSignal() {
            @Override
            public SimSwapStatus check(PhoneNumber number, int maxAgeHours) {
                return SimSwapStatus.UNKNOWN;
            }

            @Override
            public boolean configured() {
                return false;
            }
        };
    }
}
