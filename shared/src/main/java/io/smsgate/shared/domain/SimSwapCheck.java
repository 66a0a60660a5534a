package io.smsgate.shared.domain;

/**
 * A country policy's use of the SIM-swap signal before a post or a LOGIN / PASSWORD_RESET code.
 * A recent swap always refuses (unless the check is OFF); an UNKNOWN answer refuses only where the
 * policy REQUIRES an answer. OFF is the default, and the only behaviour when no provider is configured.
 */
public enum SimSwapCheck {
    /** The signal is not asked. */
    OFF,
    /** Asked; a swap refuses, no answer allows. */
    BEST_EFFORT,
    /** Asked; a swap refuses, and so does no answer. */
    REQUIRED;

    /** The CAMARA default (240 hours, 10 days) for how recent a swap counts. */
    public static final int DEFAULT_MAX_AGE_HOURS = 240;
    /** CAMARA's range for {@code maxAge}, in hours. */
    public static final int MIN_MAX_AGE_HOURS = 1;
    public static final int MAX_MAX_AGE_HOURS = 2400;

    public boolean asks() {
        return this != OFF;
    }

    /** Whether {@code status} refuses under this check. */
    public boolean refuses(SimSwapStatus status) {
        return switch (this) {
            case OFF -> false;
            case BEST_EFFORT -> status == SimSwapStatus.SWAPPED;
            case REQUIRED -> status != SimSwapStatus.NOT_SWAPPED;
        };
    }
}
