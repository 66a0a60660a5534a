package io.smsgate.local.cli.policy;

import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.SimSwapCheck;
import java.io.PrintWriter;
import java.util.List;

/** How policies look on a terminal. */
final class PolicyPrinter {
    private static final String ROW = "%-8s %-9s %-9s %-5s %-17s %7s %9s %10s %4s  %s%n";

    private PolicyPrinter() {
    }

    static void table(List<CountryPolicy> policies, PrintWriter out) {
        if (policies.isEmpty()) {
            out.println("(no items: nothing is allowed anywhere; ./smsgate policy apply policies/seed.yaml seeds the table)");
            return;
        }
        out.printf(ROW, "SCOPE", "POSTING", "2FA SMS", "AUTH", "SIM SWAP", "POSTS/H", "CODES/H/#", "CODES/H/CC", "VER", "UPDATED, NOTE");
        for (CountryPolicy p : policies) {
            boolean global = CountryPolicy.GLOBAL.equals(p.scope());
            out.printf(ROW, p.scope(), p.smsPosting(), p.twoFactorSms(), global ? "-" : p.postingAuth(), global ? "-" : simSwap(p),
                    global ? "-" : p.maxPostsPerHourPerAccount(), global ? "-" : p.maxCodesPerHourPerNumber(),
                    global ? "-" : p.maxCodesPerHourPerCountry(), p.version(),
                    (p.updatedAt() == null ? "" : p.updatedAt() + " by " + p.updatedBy() + ", ") + p.note());
        }
    }

    static void item(CountryPolicy p, PrintWriter out) {
        out.println(p.scope() + "  (" + PolicyEditor.stamp(p) + ")");
        line(out, "smsPosting", p.smsPosting());
        line(out, "twoFactorSms", p.twoFactorSms());
        if (!CountryPolicy.GLOBAL.equals(p.scope())) {
            line(out, "postingAuth", p.postingAuth());
            line(out, "simSwapCheck", p.simSwapCheck());
            line(out, "simSwapMaxAgeHours", p.simSwapMaxAgeHours() + (p.simSwapCheck().asks() ? "" : " (not asked: the check is OFF)"));
            line(out, "maxPostsPerHourPerAccount", p.maxPostsPerHourPerAccount());
            line(out, "maxCodesPerHourPerNumber", p.maxCodesPerHourPerNumber());
            line(out, "maxCodesPerHourPerCountry", p.maxCodesPerHourPerCountry());
            line(out, "maxRepliesPerHourPerCountry", p.maxRepliesPerHourPerCountry());
            line(out, "pumpingPrefixDigits", p.pumpingGuard().prefixDigits());
            line(out, "pumpingMinCodesPerPrefix", p.pumpingGuard().minCodesPerPrefix() + (p.pumpingGuard().minCodesPerPrefix() == 0 ? " (off)" : ""));
            line(out, "pumpingMinCodesPerCountry", p.pumpingGuard().minCodesPerCountry() + (p.pumpingGuard().minCodesPerCountry() == 0 ? " (off)" : ""));
            line(out, "pumpingConversionFloorPercent", p.pumpingGuard().conversionFloorPercent());
            line(out, "pumpingThrottleMinutes", p.pumpingGuard().throttleMinutes());
        }
        line(out, "note", p.note());
    }

    /** {@code OFF}, or the check and its age: {@code BEST_EFFORT 240h}. */
    static String simSwap(CountryPolicy p) {
        return p.simSwapCheck().asks() ? p.simSwapCheck() + " " + p.simSwapMaxAgeHours() + "h" : SimSwapCheck.OFF.name();
    }

    private static void line(PrintWriter out, String field, Object value) {
        out.printf("  %-29s %s%n", field, value);
    }

    /** What the functions decide for a country with these items (the same rules as PolicyDecision and PolicySet). */
    static String effective(PolicySet set) {
        String posting = set.smsPostingKilledGlobally() ? "DISABLED (GLOBAL kill switch on)"
                : set.applicable().map(p -> p.smsPosting() + " (" + p.scope() + " item)")
                        .orElse("DISABLED (no item and no DEFAULT: nothing allowed)");
        String codes = set.twoFactorKilledGlobally() ? "DISABLED (GLOBAL)"
                : set.applicable().map(p -> p.twoFactorSms() + " (" + p.scope() + " item)").orElse("DISABLED (no item and no DEFAULT)");
        String simSwap = set.applicable().map(p -> simSwap(p) + " (" + p.scope() + " item)").orElse("OFF");
        return "SMS posting " + posting + "; login codes by text " + codes + "; SIM-swap check " + simSwap
                + " (OFF everywhere when the stack has no provider)";
    }

    static void change(PolicyEditor.Change change, PrintWriter out) {
        boolean written = change.written();
        String stamp = PolicyEditor.stamp(written || change.before().isEmpty() ? change.after() : change.before().get());
        switch (change.kind()) {
            case CREATED -> {
                out.println((written ? "created " : "would create ") + change.scope() + ":");
                item(change.after(), out);
            }
            case UPDATED -> out.println((written ? "updated " : "would update ") + change.scope() + " (" + stamp + "): "
                    + String.join("; ", change.differences()));
            case UNCHANGED -> out.println("unchanged " + change.scope() + " (" + stamp + ")");
        }
        change.warnings().forEach(warning -> out.println("  note: " + warning));
    }
}
