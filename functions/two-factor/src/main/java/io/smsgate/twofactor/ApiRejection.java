package io.smsgate.twofactor;

/**
 * Every answer of the verification API other than success: the HTTP status and the machine-readable
 * {@code reason} of the body. Nothing else is said: no stack trace, no message, nothing about accounts.
 */
enum ApiRejection {
    /** The body is not a JSON object. */
    MALFORMED_JSON(400),
    /** The body is over 4 KB. */
    BODY_TOO_LARGE(400),
    /** A required field is missing ({@code field} names it). */
    MISSING_FIELD(400),
    /** A field has the wrong type ({@code field} names it). */
    INVALID_FIELD(400),
    /** libphonenumber rejects the number, or it is not +international, or has no country. */
    INVALID_PHONE(400),
    /** Not LOGIN, LINK_PHONE or PASSWORD_RESET. */
    INVALID_PURPOSE(400),
    INVALID_ACCOUNT_ID(400),
    INVALID_LOCALE(400),
    /** Not six digits, as a string. Not counted as an attempt. */
    INVALID_CODE(400),
    /** Not 4 to 8 digits, as a string. */
    INVALID_PIN(400),
    INVALID_VERIFICATION_ID(400),
    /** A {@code session} that is not 1 to 256 printable ASCII characters. */
    INVALID_SESSION(400),
    /** Codes by SMS are off for the number's country (country policy or the global switch). */
    COUNTRY_NOT_ALLOWED(400),
    /** Turning SMS posting on needs a PIN where the country's policy asks for one, and none is set. */
    PIN_REQUIRED(400),
    /** Changing or removing an existing PIN needs {@code currentPin}. Not counted as a guess. */
    CURRENT_PIN_REQUIRED(400),
    /** {@code currentPin} is not the PIN. Counted towards the PIN lock, as a wrong PIN in a text is. */
    CURRENT_PIN_WRONG(403),
    /** The PIN is locked (too many wrong PINs): it cannot be changed or removed until a lock is cleared ({@code smsPosting: true}). */
    PIN_LOCKED(423),
    /** The link changed between the read and the write (a concurrent change): read again and retry. */
    SETTINGS_CONFLICT(409),
    /**
     * The link's stored PIN hash is damaged, so {@code currentPin} cannot be judged: no retry succeeds until an
     * operator clears it (docs/operations.md). Not counted towards the PIN lock.
     */
    PIN_RECORD_INVALID(409),
    /** No such route. */
    NOT_FOUND(404),
    /**
     * No verification with that id, it was used already, or the check named another purpose, account or
     * session than the start did (the same answer for all, so a mismatch reveals nothing).
     */
    VERIFICATION_NOT_FOUND(404),
    /** The account has no verified phone link. */
    NO_VERIFIED_LINK(404),
    /** A code was asked for this number and purpose less than 30 s ago ({@code Retry-After}). */
    RESEND_COOLDOWN(429),
    /** The verification has had its 5 codes; start again after it expires ({@code Retry-After}). */
    MAX_SENDS_REACHED(429),
    /** Too many wrong codes: locked until it expires ({@code Retry-After}). */
    VERIFICATION_LOCKED(429),
    /** A per-number, per-country or global code budget is spent ({@code Retry-After}: when it renews). */
    BUDGET_EXHAUSTED(429),
    INTERNAL_ERROR(500);

    private final int status;

    ApiRejection(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }
}
