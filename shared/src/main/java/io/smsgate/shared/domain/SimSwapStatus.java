package io.smsgate.shared.domain;

/**
 * What the operator's network says about a number's SIM: changed within the asked-for age, not
 * changed, or no usable answer (no provider, an error, a timeout, a number the operator does not know).
 */
public enum SimSwapStatus {
    SWAPPED,
    NOT_SWAPPED,
    UNKNOWN
}
