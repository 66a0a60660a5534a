package io.smsgate.shared.domain;

/** A switch in a country policy. */
public enum Feature {
    ENABLED,
    DISABLED;

    public boolean enabled() {
        return this == ENABLED;
    }
}
