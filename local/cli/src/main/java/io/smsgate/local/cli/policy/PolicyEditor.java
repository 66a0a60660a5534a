package io.smsgate.local.cli.policy;

import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.port.CountryPolicyCatalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Changes to the policy table as an operator makes them: read the item, change what was asked, write it
 * back only if nobody changed it in between (the item's version), stamped with who and when. A change
 * that changes nothing writes nothing.
 */
public final class PolicyEditor {
    private final CountryPolicyCatalog catalog;
    private final String who;
    private final Clock clock;

    public PolicyEditor(CountryPolicyCatalog catalog, String who, Clock clock) {
        this.catalog = catalog;
        this.who = who;
        this.clock = clock;
    }

    enum Kind { CREATED, UPDATED, UNCHANGED }

    /**
     * One item's change; {@code after} is what is stored now, or would be ({@code written} false: a dry
     * run, or nothing to change).
     */
    record Change(Kind kind, String scope, Optional<CountryPolicy> before, CountryPolicy after, List<String> differences,
                  List<String> warnings, boolean written) {
    }

    /** What {@code policy set} may change; null leaves a field as it is. */
    record Edits(Feature smsPosting, Feature twoFactorSms, PostingAuth postingAuth, SimSwapCheck simSwapCheck,
                 Integer simSwapMaxAgeHours, Integer maxPostsPerHourPerAccount, Integer maxCodesPerHourPerNumber,
                 Integer maxCodesPerHourPerCountry, Integer maxRepliesPerHourPerCountry, String note) {
        /** The edits without the reply budget (it stays as it is). */
        Edits(Feature smsPosting, Feature twoFactorSms, PostingAuth postingAuth, SimSwapCheck simSwapCheck,
              Integer simSwapMaxAgeHours, Integer maxPostsPerHourPerAccount, Integer maxCodesPerHourPerNumber,
              Integer maxCodesPerHourPerCountry, String note) {
            this(smsPosting, twoFactorSms, postingAuth, simSwapCheck, simSwapMaxAgeHours, maxPostsPerHourPerAccount,
                    maxCodesPerHourPerNumber, maxCodesPerHourPerCountry, null, note);
        }

        /** The edits without the SIM-swap fields (they stay as they are). */
        Edits(Feature smsPosting, Feature twoFactorSms, PostingAuth postingAuth, Integer maxPostsPerHourPerAccount,
              Integer maxCodesPerHourPerNumber, Integer maxCodesPerHourPerCountry, String note) {
            this(smsPosting, twoFactorSms, postingAuth, null, null, maxPostsPerHourPerAccount, maxCodesPerHourPerNumber,
                    maxCodesPerHourPerCountry, note);
        }

        boolean empty() {
            return smsPosting == null && twoFactorSms == null && postingAuth == null && simSwapCheck == null && simSwapMaxAgeHours == null
                    && maxPostsPerHourPerAccount == null && maxCodesPerHourPerNumber == null && maxCodesPerHourPerCountry == null
                    && maxRepliesPerHourPerCountry == null && note == null;
        }

        boolean touchesCountryOnlyFields() {
            return postingAuth != null || simSwapCheck != null || simSwapMaxAgeHours != null || maxPostsPerHourPerAccount != null
                    || maxCodesPerHourPerNumber != null || maxCodesPerHourPerCountry != null || maxRepliesPerHourPerCountry != null;
        }

        CountryPolicy applyTo(CountryPolicy p) {
            return new CountryPolicy(p.scope(), or(smsPosting, p.smsPosting()), or(twoFactorSms, p.twoFactorSms()),
                    or(postingAuth, p.postingAuth()), or(simSwapCheck, p.simSwapCheck()), or(simSwapMaxAgeHours, p.simSwapMaxAgeHours()),
                    or(maxPostsPerHourPerAccount, p.maxPostsPerHourPerAccount()),
                    or(maxCodesPerHourPerNumber, p.maxCodesPerHourPerNumber()), or(maxCodesPerHourPerCountry, p.maxCodesPerHourPerCountry()),
                    or(maxRepliesPerHourPerCountry, p.maxRepliesPerHourPerCountry()), or(note, p.note()), p.updatedAt(), p.updatedBy(), p.version(),
                    p.pumpingGuard());
        }

        private static <T> T or(T value, T fallback) {
            return value == null ? fallback : value;
        }
    }

    /**
     * Changes one item. {@code ifVersion}: the version the operator read (with {@code policy get});
     * refused when the item has moved on since. A new country starts as a copy of DEFAULT.
     */
    Change set(String scope, Edits edits, OptionalLong ifVersion) {
        if (edits.empty()) {
            throw new PolicyException(2, "nothing to change: give --sms-posting, --two-factor-sms, --posting-auth, --sim-swap-check, "
                    + "--sim-swap-max-age-hours, a --max-... limit or --note");
        }
        if (CountryPolicy.GLOBAL.equals(scope) && edits.touchesCountryOnlyFields()) {
            throw new PolicyException(2, "GLOBAL only switches features off everywhere: --sms-posting, --two-factor-sms and --note apply to it, "
                    + "posting auth, the SIM-swap check and limits do not");
        }
        Optional<CountryPolicy> current = catalog.get(scope);
        long currentVersion = current.map(CountryPolicy::version).orElse(0L);
        if (ifVersion.isPresent() && ifVersion.getAsLong() != currentVersion) {
            throw new PolicyException(3, scope + " is at version " + currentVersion + ", not " + ifVersion.getAsLong()
                    + ": someone changed it since you read it (" + current.map(PolicyEditor::stamp).orElse("deleted") + "). "
                    + "Nothing was written; read it again with ./smsgate policy get " + scope);
        }
        CountryPolicy base = current.orElseGet(() -> newItem(scope, edits));
        return write(current, edits.applyTo(base), List.of());
    }

    /** The kill switch: GLOBAL's SMS posting DISABLED (on) or ENABLED (off). Nothing else changes. */
    public Change killSwitch(boolean on, String note) {
        Optional<CountryPolicy> current = catalog.get(CountryPolicy.GLOBAL);
        Feature wanted = on ? Feature.DISABLED : Feature.ENABLED;
        if (current.map(CountryPolicy::smsPosting).orElse(Feature.ENABLED) == wanted) {
            CountryPolicy shown = current.orElseGet(() -> newItem(CountryPolicy.GLOBAL, null));
            return new Change(Kind.UNCHANGED, CountryPolicy.GLOBAL, current, shown, List.of(), List.of(), false);
        }
        String why = note != null ? note : on ? "kill switch on: SMS posting off in every country" : "kill switch off";
        return set(CountryPolicy.GLOBAL, new Edits(wanted, null, null, null, null, null, why), OptionalLong.empty());
    }

    /**
     * Makes the table hold {@code desired}: missing items are created, differing ones updated, items the
     * file does not name are left alone. A GLOBAL switch that is off stays off (the kill switch is turned
     * off on purpose, with {@code kill-switch off}, never as a side effect of a file).
     */
    List<Change> apply(List<CountryPolicy> desired, boolean dryRun) {
        List<Change> changes = new ArrayList<>();
        for (CountryPolicy wanted : desired) {
            Optional<CountryPolicy> current = catalog.get(wanted.scope());
            List<String> warnings = new ArrayList<>();
            CountryPolicy target = wanted;
            if (CountryPolicy.GLOBAL.equals(wanted.scope()) && current.isPresent()) {
                target = keepSwitchedOff(current.get(), wanted, warnings);
            }
            CountryPolicy next = withVersion(target, current.map(CountryPolicy::version).orElse(0L));
            changes.add(dryRun ? preview(current, next, warnings) : write(current, next, warnings));
        }
        return changes;
    }

    private Change write(Optional<CountryPolicy> current, CountryPolicy next, List<String> warnings) {
        Change preview = preview(current, next, warnings);
        if (preview.kind() == Kind.UNCHANGED) {
            return preview;
        }
        CountryPolicy saved = next.savedBy(who, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        try {
            catalog.save(saved);
        } catch (CountryPolicyCatalog.ConcurrentChangeException e) {
            throw new PolicyException(3, next.scope() + " was changed by someone else while this command ran (it expected version "
                    + next.version() + "). Nothing was written for " + next.scope() + "; run the command again.");
        }
        return new Change(preview.kind(), saved.scope(), current, saved, preview.differences(), warnings, true);
    }

    private static Change preview(Optional<CountryPolicy> current, CountryPolicy next, List<String> warnings) {
        if (current.isEmpty()) {
            return new Change(Kind.CREATED, next.scope(), current, next, List.of(), warnings, false);
        }
        List<String> differences = differences(current.get(), next);
        return new Change(differences.isEmpty() ? Kind.UNCHANGED : Kind.UPDATED, next.scope(), current,
                differences.isEmpty() ? current.get() : next, differences, warnings, false);
    }

    private CountryPolicy newItem(String scope, Edits edits) {
        if (CountryPolicy.GLOBAL.equals(scope)) {
            return new CountryPolicy(scope, Feature.ENABLED, Feature.ENABLED, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 0, 0, 0, "", null, null, 0);
        }
        Optional<CountryPolicy> fallback = CountryPolicy.DEFAULT.equals(scope) ? Optional.empty() : catalog.get(CountryPolicy.DEFAULT);
        if (fallback.isPresent()) {
            CountryPolicy d = fallback.get();
            return new CountryPolicy(scope, d.smsPosting(), d.twoFactorSms(), d.postingAuth(), d.simSwapCheck(), d.simSwapMaxAgeHours(), d.maxPostsPerHourPerAccount(),
                    d.maxCodesPerHourPerNumber(), d.maxCodesPerHourPerCountry(), d.maxRepliesPerHourPerCountry(), "", null, null, 0,
                    d.pumpingGuard());
        }
        List<String> missing = new ArrayList<>();
        if (edits.smsPosting() == null) {
            missing.add("--sms-posting");
        }
        if (edits.twoFactorSms() == null) {
            missing.add("--two-factor-sms");
        }
        if (edits.maxPostsPerHourPerAccount() == null) {
            missing.add("--max-posts-per-hour");
        }
        if (edits.maxCodesPerHourPerNumber() == null) {
            missing.add("--max-codes-per-hour-per-number");
        }
        if (edits.maxCodesPerHourPerCountry() == null) {
            missing.add("--max-codes-per-hour-per-country");
        }
        if (!missing.isEmpty()) {
            throw new PolicyException(2, scope + " has no item and there is no DEFAULT to start from: give " + String.join(", ", missing)
                    + " (or apply policies/seed.yaml first)");
        }
        return new CountryPolicy(scope, Feature.DISABLED, Feature.DISABLED, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 0, 0, 0, "", null, null, 0);
    }

    private static CountryPolicy keepSwitchedOff(CountryPolicy current, CountryPolicy wanted, List<String> warnings) {
        Feature posting = wanted.smsPosting();
        Feature twoFactor = wanted.twoFactorSms();
        if (!current.smsPosting().enabled() && posting.enabled()) {
            posting = Feature.DISABLED;
            warnings.add("the kill switch for SMS posting is on (" + stamp(current) + "); apply leaves it on: "
                    + "./smsgate policy kill-switch off turns it off");
        }
        if (!current.twoFactorSms().enabled() && twoFactor.enabled()) {
            twoFactor = Feature.DISABLED;
            warnings.add("login codes are switched off globally (" + stamp(current) + "); apply leaves them off: "
                    + "./smsgate policy set GLOBAL --two-factor-sms enabled turns them back on");
        }
        String note = posting == wanted.smsPosting() && twoFactor == wanted.twoFactorSms() ? wanted.note() : current.note();
        return new CountryPolicy(wanted.scope(), posting, twoFactor, wanted.postingAuth(), wanted.simSwapCheck(), wanted.simSwapMaxAgeHours(), wanted.maxPostsPerHourPerAccount(),
                wanted.maxCodesPerHourPerNumber(), wanted.maxCodesPerHourPerCountry(), wanted.maxRepliesPerHourPerCountry(), note,
                null, null, 0, wanted.pumpingGuard());
    }

    private static CountryPolicy withVersion(CountryPolicy p, long version) {
        return new CountryPolicy(p.scope(), p.smsPosting(), p.twoFactorSms(), p.postingAuth(), p.simSwapCheck(), p.simSwapMaxAgeHours(),
                p.maxPostsPerHourPerAccount(), p.maxCodesPerHourPerNumber(), p.maxCodesPerHourPerCountry(),
                p.maxRepliesPerHourPerCountry(), p.note(), p.updatedAt(),
                p.updatedBy(), version, p.pumpingGuard());
    }

    /** The fields that differ, as "field OLD -> NEW"; the audit fields do not count. */
    static List<String> differences(CountryPolicy a, CountryPolicy b) {
        List<String> out = new ArrayList<>();
        diff(out, "smsPosting", a.smsPosting(), b.smsPosting());
        diff(out, "twoFactorSms", a.twoFactorSms(), b.twoFactorSms());
        if (!CountryPolicy.GLOBAL.equals(a.scope())) {
            diff(out, "postingAuth", a.postingAuth(), b.postingAuth());
            diff(out, "simSwapCheck", a.simSwapCheck(), b.simSwapCheck());
            diff(out, "simSwapMaxAgeHours", a.simSwapMaxAgeHours(), b.simSwapMaxAgeHours());
            diff(out, "maxPostsPerHourPerAccount", a.maxPostsPerHourPerAccount(), b.maxPostsPerHourPerAccount());
            diff(out, "maxCodesPerHourPerNumber", a.maxCodesPerHourPerNumber(), b.maxCodesPerHourPerNumber());
            diff(out, "maxCodesPerHourPerCountry", a.maxCodesPerHourPerCountry(), b.maxCodesPerHourPerCountry());
            diff(out, "maxRepliesPerHourPerCountry", a.maxRepliesPerHourPerCountry(), b.maxRepliesPerHourPerCountry());
            diff(out, "pumpingPrefixDigits", a.pumpingGuard().prefixDigits(), b.pumpingGuard().prefixDigits());
            diff(out, "pumpingMinCodesPerPrefix", a.pumpingGuard().minCodesPerPrefix(), b.pumpingGuard().minCodesPerPrefix());
            diff(out, "pumpingMinCodesPerCountry", a.pumpingGuard().minCodesPerCountry(), b.pumpingGuard().minCodesPerCountry());
            diff(out, "pumpingConversionFloorPercent", a.pumpingGuard().conversionFloorPercent(), b.pumpingGuard().conversionFloorPercent());
            diff(out, "pumpingThrottleMinutes", a.pumpingGuard().throttleMinutes(), b.pumpingGuard().throttleMinutes());
        }
        diff(out, "note", "'" + a.note() + "'", "'" + b.note() + "'");
        return out;
    }

    private static void diff(List<String> out, String field, Object before, Object after) {
        if (!before.equals(after)) {
            out.add(field + " " + before + " -> " + after);
        }
    }

    static String stamp(CountryPolicy p) {
        return "version " + p.version() + ", " + (p.updatedAt() == null ? "never saved" : p.updatedAt() + " by " + p.updatedBy());
    }
}
