package io.smsgate.shared.aws;

import io.smsgate.shared.config.Priming;
import io.smsgate.shared.port.SimSwapSignal;

/**
 * SnapStart priming of the SIM-swap check, for the functions that ask it (PostingFunction,
 * VerificationApiFunction): with a CAMARA provider configured, the adapter's whole path runs against a
 * stand-in inside the process ({@link CamaraSimSwapSignal#primeOnLoopback}), never the provider; with
 * none, there is nothing to prime. Its own hook, so a failure (a check over its time budget on a slow
 * start) costs only this warm-up.
 */
public final class SimSwapPriming {
    private SimSwapPriming() {
    }

    public static void register(SimSwapSignal signal) {
        if (signal instanceof CamaraSimSwapSignal camara) {
            Priming.register("SIM-swap check (loopback)", camara::primeOnLoopback);
        }
    }
}
