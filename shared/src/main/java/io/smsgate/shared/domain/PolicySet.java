package io.smsgate.shared.domain;

import java.util.Optional;

/**
 * The policy items that decide for one country, read together: the country's own item (if listed),
 * the default item, and the global switch. The applicable policy is the country's, else the default;
 * with neither, nothing is allowed (fail closed). The global item, when present, can only turn
 * features off.
 */
public record PolicySet(CountryCode country, Optional<CountryPolicy> own, Optional<CountryPolicy> fallback,
                        Optional<CountryPolicy> global) {

    /** The country's item, else the default; empty when neither exists. */
    public Optional<CountryPolicy> applicable() {
        return own.or(() -> fallback);
    }

    public boolean smsPostingKilledGlobally() {
        return global.map(g -> !g.smsPosting().enabled()).orElse(false);
    }

    public boolean twoFactorKilledGlobally() {
        return global.map(g -> !g.twoFactorSms().enabled()).orElse(false);
    }

    /** True when codes may be sent to this country: applicable policy allows them and no global switch is off. */
    public boolean twoFactorAllowed() {
        return !twoFactorKilledGlobally() && applicable().map(p -> p.twoFactorSms().enabled()).orElse(false);
    }
}
