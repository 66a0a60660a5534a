package io.smsgate.shared.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One item of CountryPoliciesTable. {@code scope} is an ISO 3166-1 alpha-2 country ({@code GB}),
 * {@link #DEFAULT} (countries not listed) or {@link #GLOBAL} (the kill switch: DISABLED there turns a
 * feature off in every country, whatever the country items say). {@code version} is for optimistic
 * locking: every save increments it, and a save against a stale version is refused.
 * {@code simSwapCheck} and {@code simSwapMaxAgeHours} say whether a recent SIM change (within that many
 * hours) refuses posts and LOGIN / PASSWORD_RESET codes for numbers of this country.
 * {@code maxRepliesPerHourPerCountry} budgets the replies (kind TEXT, STOP/START/HELP confirmations
 * excepted) SendSmsFunction sends to numbers of this country per UTC hour; items and files written
 * before it existed read as {@link #DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY}.
 * {@code pumpingGuard}: the conversion-based SMS-pumping guard's settings ({@link PumpingGuardPolicy#DEFAULTS}
 * for items written before it existed).
 */
public record CountryPolicy(
        String scope,
        Feature smsPosting,
        Feature twoFactorSms,
        PostingAuth postingAuth,
        SimSwapCheck simSwapCheck,
        int simSwapMaxAgeHours,
        int maxPostsPerHourPerAccount,
        int maxCodesPerHourPerNumber,
        int maxCodesPerHourPerCountry,
        int maxRepliesPerHourPerCountry,
        String note,
        Instant updatedAt,
        String updatedBy,
        long version,
        PumpingGuardPolicy pumpingGuard) {

    public static final String DEFAULT = "DEFAULT";
    public static final String GLOBAL = "GLOBAL";
    private static final Pattern ISO = Pattern.compile("[A-Z]{2}");
    /** The reply budget of a policy that names none (written before the field existed). */
    public static final int DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY = 1000;

    public CountryPolicy {
        Objects.requireNonNull(scope, "scope");
        if (!DEFAULT.equals(scope) && !GLOBAL.equals(scope)) {
            CountryCode.of(scope);
        }
        Objects.requireNonNull(smsPosting, "smsPosting");
        Objects.requireNonNull(twoFactorSms, "twoFactorSms");
        Objects.requireNonNull(postingAuth, "postingAuth");
        Objects.requireNonNull(simSwapCheck, "simSwapCheck");
        if (simSwapMaxAgeHours < SimSwapCheck.MIN_MAX_AGE_HOURS || simSwapMaxAgeHours > SimSwapCheck.MAX_MAX_AGE_HOURS) {
            throw new IllegalArgumentException("simSwapMaxAgeHours must be " + SimSwapCheck.MIN_MAX_AGE_HOURS + "-"
                    + SimSwapCheck.MAX_MAX_AGE_HOURS + " hours");
        }
        if (maxPostsPerHourPerAccount < 0 || maxCodesPerHourPerNumber < 0 || maxCodesPerHourPerCountry < 0
                || maxRepliesPerHourPerCountry < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
        note = note == null ? "" : note;
        pumpingGuard = pumpingGuard == null ? PumpingGuardPolicy.DEFAULTS : pumpingGuard;
        if (version < 0) {
            throw new IllegalArgumentException("version cannot be negative");
        }
    }

    /**
     * Without a reply budget ({@link #DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY}) and with the pumping guard's
     * defaults ({@link PumpingGuardPolicy#DEFAULTS}): the shape of items written before either existed.
     */
    public CountryPolicy(String scope, Feature smsPosting, Feature twoFactorSms, PostingAuth postingAuth, SimSwapCheck simSwapCheck,
                         int simSwapMaxAgeHours, int maxPostsPerHourPerAccount, int maxCodesPerHourPerNumber,
                         int maxCodesPerHourPerCountry, String note, Instant updatedAt, String updatedBy, long version) {
        this(scope, smsPosting, twoFactorSms, postingAuth, simSwapCheck, simSwapMaxAgeHours, maxPostsPerHourPerAccount,
                maxCodesPerHourPerNumber, maxCodesPerHourPerCountry, DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY, note, updatedAt,
                updatedBy, version, PumpingGuardPolicy.DEFAULTS);
    }

    /** With a reply budget and the pumping guard's defaults. */
    public CountryPolicy(String scope, Feature smsPosting, Feature twoFactorSms, PostingAuth postingAuth, SimSwapCheck simSwapCheck,
                         int simSwapMaxAgeHours, int maxPostsPerHourPerAccount, int maxCodesPerHourPerNumber,
                         int maxCodesPerHourPerCountry, int maxRepliesPerHourPerCountry, String note, Instant updatedAt,
                         String updatedBy, long version) {
        this(scope, smsPosting, twoFactorSms, postingAuth, simSwapCheck, simSwapMaxAgeHours, maxPostsPerHourPerAccount,
                maxCodesPerHourPerNumber, maxCodesPerHourPerCountry, maxRepliesPerHourPerCountry, note, updatedAt, updatedBy,
                version, PumpingGuardPolicy.DEFAULTS);
    }

    /** With pumping-guard settings and without a reply budget ({@link #DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY}). */
    public CountryPolicy(String scope, Feature smsPosting, Feature twoFactorSms, PostingAuth postingAuth, SimSwapCheck simSwapCheck,
                         int simSwapMaxAgeHours, int maxPostsPerHourPerAccount, int maxCodesPerHourPerNumber,
                         int maxCodesPerHourPerCountry, String note, Instant updatedAt, String updatedBy, long version,
                         PumpingGuardPolicy pumpingGuard) {
        this(scope, smsPosting, twoFactorSms, postingAuth, simSwapCheck, simSwapMaxAgeHours, maxPostsPerHourPerAccount,
                maxCodesPerHourPerNumber, maxCodesPerHourPerCountry, DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY, note, updatedAt,
                updatedBy, version, pumpingGuard);
    }

    /** A copy with other pumping-guard settings. */
    public CountryPolicy withPumpingGuard(PumpingGuardPolicy guard) {
        return new CountryPolicy(scope, smsPosting, twoFactorSms, postingAuth, simSwapCheck, simSwapMaxAgeHours, maxPostsPerHourPerAccount,
                maxCodesPerHourPerNumber, maxCodesPerHourPerCountry, maxRepliesPerHourPerCountry, note, updatedAt, updatedBy, version,
                guard);
    }

    public boolean isCountry() {
        return ISO.matcher(scope).matches();
    }

    /** A copy with the audit fields of a save: who, when, and the next version. */
    public CountryPolicy savedBy(String who, Instant when) {
        return new CountryPolicy(scope, smsPosting, twoFactorSms, postingAuth, simSwapCheck, simSwapMaxAgeHours, maxPostsPerHourPerAccount,
                maxCodesPerHourPerNumber, maxCodesPerHourPerCountry, maxRepliesPerHourPerCountry, note, when, who, version + 1,
                pumpingGuard);
    }
}
