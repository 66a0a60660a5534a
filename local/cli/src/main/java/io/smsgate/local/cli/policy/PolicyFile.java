package io.smsgate.local.cli.policy;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.PumpingGuardPolicy;
import io.smsgate.shared.domain.SimSwapCheck;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A policy file such as {@code policies/seed.yaml}: {@code policies:}, a list of items, one per scope.
 * Strict: an unknown field, a missing one, a duplicate scope or a code that is not ISO 3166-1 alpha-2
 * ({@code UK}) is an error naming the entry, and nothing is written.
 */
final class PolicyFile {
    static final int MAX_LIMIT = 1_000_000;
    private static final List<String> LIMITS = List.of("maxPostsPerHourPerAccount", "maxCodesPerHourPerNumber", "maxCodesPerHourPerCountry");
    private static final Set<String> COUNTRY_FIELDS = Set.of("scope", "smsPosting", "twoFactorSms", "postingAuth",
            "simSwapCheck", "simSwapMaxAgeHours", "maxPostsPerHourPerAccount", "maxCodesPerHourPerNumber", "maxCodesPerHourPerCountry",
            "maxRepliesPerHourPerCountry", "note", "pumpingPrefixDigits", "pumpingMinCodesPerPrefix", "pumpingMinCodesPerCountry",
            "pumpingConversionFloorPercent", "pumpingThrottleMinutes");
    private static final Set<String> GLOBAL_FIELDS = Set.of("scope", "smsPosting", "twoFactorSms", "note");

    private PolicyFile() {
    }

    /** The items the file describes, in file order (version 0: not yet saved). */
    static List<CountryPolicy> read(Path file) {
        Object root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new PolicyException(2, "cannot read " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new PolicyException(2, file + " is not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top) || !top.keySet().equals(Set.of("policies")) || !(top.get("policies") instanceof List<?> entries)) {
            throw new PolicyException(2, file + ": expected a single key, policies:, holding a list of items");
        }
        List<CountryPolicy> policies = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = file.getFileName() + " entry " + (i + 1);
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new PolicyException(2, where + ": expected scope: and the policy's fields");
            }
            CountryPolicy policy = item(entry, where);
            if (!seen.add(policy.scope())) {
                throw new PolicyException(2, where + ": " + policy.scope() + " appears twice");
            }
            policies.add(policy);
        }
        return policies;
    }

    private static CountryPolicy item(Map<?, ?> entry, String where) {
        Object rawScope = entry.get("scope");
        if (rawScope instanceof Boolean) {
            throw new PolicyException(2, where + ": scope is a YAML boolean; write the country code in quotes (scope: \"NO\")");
        }
        if (!(rawScope instanceof String text)) {
            throw new PolicyException(2, where + ": scope is missing");
        }
        String scope = scope(text, where);
        where = where + " (" + scope + ")";
        boolean global = CountryPolicy.GLOBAL.equals(scope);
        Set<String> allowed = global ? GLOBAL_FIELDS : COUNTRY_FIELDS;
        Set<String> unknown = new LinkedHashSet<>();
        entry.keySet().forEach(key -> {
            if (!allowed.contains(String.valueOf(key))) {
                unknown.add(String.valueOf(key));
            }
        });
        if (!unknown.isEmpty()) {
            throw new PolicyException(2, where + ": unexpected " + String.join(", ", unknown)
                    + (global ? " (GLOBAL only switches features off: smsPosting, twoFactorSms, note)" : ""));
        }
        Feature posting = feature(entry, "smsPosting", where);
        Feature twoFactor = feature(entry, "twoFactorSms", where);
        String note = entry.get("note") == null ? "" : String.valueOf(entry.get("note"));
        if (global) {
            return new CountryPolicy(scope, posting, twoFactor, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 0, 0, 0, note, null, null, 0);
        }
        PostingAuth auth = enumValue(entry, "postingAuth", PostingAuth.class, where);
        // Optional, unlike the fields before them: files written before the SIM-swap check read as OFF / 240 h,
        // as table items without them do.
        SimSwapCheck simSwap = entry.containsKey("simSwapCheck") ? simSwapCheck(entry, where) : SimSwapCheck.OFF;
        int maxAge = entry.containsKey("simSwapMaxAgeHours") ? maxAgeHours(entry.get("simSwapMaxAgeHours"), where + ": simSwapMaxAgeHours")
                : SimSwapCheck.DEFAULT_MAX_AGE_HOURS;
        int[] limits = new int[LIMITS.size()];
        for (int i = 0; i < LIMITS.size(); i++) {
            limits[i] = limit(entry, LIMITS.get(i), where);
        }
        // Optional too: files written before the reply budget read as its default.
        int replies = entry.containsKey("maxRepliesPerHourPerCountry") ? limit(entry, "maxRepliesPerHourPerCountry", where)
                : CountryPolicy.DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY;
        return new CountryPolicy(scope, posting, twoFactor, auth, simSwap, maxAge, limits[0], limits[1], limits[2], replies, note,
                null, null, 0, pumpingGuard(entry, where));
    }

    /** Optional, each field on its own: what a file leaves out is the guard's default (docs/verification-rules.md#pumping-guard). */
    private static PumpingGuardPolicy pumpingGuard(Map<?, ?> entry, String where) {
        PumpingGuardPolicy d = PumpingGuardPolicy.DEFAULTS;
        int digits = optional(entry, "pumpingPrefixDigits", d.prefixDigits(), 1, PumpingGuardPolicy.MAX_PREFIX_DIGITS, where);
        int perPrefix = optional(entry, "pumpingMinCodesPerPrefix", d.minCodesPerPrefix(), 0, MAX_LIMIT, where);
        int perCountry = optional(entry, "pumpingMinCodesPerCountry", d.minCodesPerCountry(), 0, MAX_LIMIT, where);
        int floor = optional(entry, "pumpingConversionFloorPercent", d.conversionFloorPercent(), 0, 100, where);
        int minutes = optional(entry, "pumpingThrottleMinutes", d.throttleMinutes(), 1, PumpingGuardPolicy.MAX_THROTTLE_MINUTES, where);
        return new PumpingGuardPolicy(digits, perPrefix, perCountry, floor, minutes);
    }

    private static int optional(Map<?, ?> entry, String field, int fallback, int min, int max, String where) {
        if (!entry.containsKey(field)) {
            return fallback;
        }
        Object value = entry.get(field);
        if (!(value instanceof Integer number) || number < min || number > max) {
            throw new PolicyException(2, where + ": " + field + " must be a whole number from " + min + " to " + max + ", not " + value);
        }
        return number;
    }

    /** A country code (any case; UK refused with the hint that it is GB), DEFAULT or GLOBAL; {@code where} prefixes the error (or null). */
    static String scope(String text, String where) {
        String upper = text.strip().toUpperCase(Locale.ROOT);
        if (CountryPolicy.DEFAULT.equals(upper) || CountryPolicy.GLOBAL.equals(upper)) {
            return upper;
        }
        return CountryCode.parse(upper).map(CountryCode::value).orElseThrow(() -> new PolicyException(2, (where == null ? "" : where + ": ") + "'" + text
                + "' is not an ISO 3166-1 alpha-2 country code" + ("UK".equals(upper) ? " (the United Kingdom is GB)" : "")
                + ", DEFAULT or GLOBAL"));
    }

    private static Feature feature(Map<?, ?> entry, String field, String where) {
        return enumValue(entry, field, Feature.class, where);
    }

    private static <E extends Enum<E>> E enumValue(Map<?, ?> entry, String field, Class<E> type, String where) {
        Object value = entry.get(field);
        List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        if (value == null) {
            throw new PolicyException(2, where + ": " + field + " is missing (" + String.join(" | ", names) + ")");
        }
        String upper = String.valueOf(value).strip().toUpperCase(Locale.ROOT);
        if (!names.contains(upper)) {
            throw new PolicyException(2, where + ": " + field + " is " + value + ", not " + String.join(" | ", names));
        }
        return Enum.valueOf(type, upper);
    }

    /**
     * YAML 1.1 reads a bare {@code OFF} (and {@code off}, {@code no}, {@code false}) as the boolean false:
     * that is OFF. A boolean true names no check, so it is refused with the choices.
     */
    private static SimSwapCheck simSwapCheck(Map<?, ?> entry, String where) {
        Object value = entry.get("simSwapCheck");
        if (Boolean.FALSE.equals(value)) {
            return SimSwapCheck.OFF;
        }
        if (Boolean.TRUE.equals(value)) {
            throw new PolicyException(2, where + ": simSwapCheck is a YAML boolean (yes/on/true); write OFF, BEST_EFFORT or REQUIRED");
        }
        return enumValue(entry, "simSwapCheck", SimSwapCheck.class, where);
    }

    /**
     * CAMARA's {@code maxAge}: a whole number of hours from 1 to 2400; {@code what} names the field in the
     * error. YAML gives an Integer for {@code 240}, a String for {@code "240"} or {@code 240h}: only the first is one.
     */
    static int maxAgeHours(Object value, String what) {
        if (!(value instanceof Integer hours) || hours < SimSwapCheck.MIN_MAX_AGE_HOURS || hours > SimSwapCheck.MAX_MAX_AGE_HOURS) {
            throw new PolicyException(2, what + " must be a whole number of hours from " + SimSwapCheck.MIN_MAX_AGE_HOURS + " to "
                    + SimSwapCheck.MAX_MAX_AGE_HOURS + " (240 = 10 days), not " + value);
        }
        return hours;
    }

    private static int limit(Map<?, ?> entry, String field, String where) {
        Object value = entry.get(field);
        if (value == null) {
            throw new PolicyException(2, where + ": " + field + " is missing");
        }
        if (!(value instanceof Integer number) || number < 0 || number > MAX_LIMIT) {
            throw new PolicyException(2, where + ": " + field + " must be a whole number from 0 to " + MAX_LIMIT + ", not " + value);
        }
        return number;
    }
}
