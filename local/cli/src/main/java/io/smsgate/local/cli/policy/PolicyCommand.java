package io.smsgate.local.cli.policy;

import io.smsgate.local.emulator.Project;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code smsgate policy ...}: read and change the country policy table, the kill switch included, in the
 * local emulator or a deployed stack. Every change is versioned (a concurrent change is refused) and
 * records who made it and when.
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Read and change country policies and the global kill switch (local emulator by default, or --stack/--table).",
        subcommands = {PolicyCommand.ListPolicies.class, PolicyCommand.Get.class, PolicyCommand.Set.class,
                PolicyCommand.Apply.class, PolicyCommand.KillSwitch.class})
public final class PolicyCommand implements Runnable {
    /** How long a change takes to reach every warm function: the functions' cache (POLICY_CACHE_SECONDS in template.yaml). */
    static final String TAKES_EFFECT = "Takes effect within 30 s (the functions' policy cache, POLICY_CACHE_SECONDS); new function instances read it at once.";

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the target, error reporting and exit codes. */
    abstract static class Subcommand implements Callable<Integer> {
        @Mixin
        PolicyTarget target;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                validate();
                try (PolicyTarget.Connection connection = target.connect(System.getenv())) {
                    out.println("policy table " + connection.table() + " in " + connection.where());
                    run(connection, new PolicyEditor(connection.catalog(), connection.who(), Clock.systemUTC()), out);
                }
                return 0;
            } catch (PolicyException e) {
                err.println("smsgate policy: " + e.getMessage());
                return e.exitCode();
            } catch (SdkException e) {
                err.println("smsgate policy: AWS said: " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        /** Checks the arguments before connecting. */
        void validate() {
        }

        abstract void run(PolicyTarget.Connection connection, PolicyEditor editor, PrintWriter out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every item: GLOBAL, DEFAULT, then the countries.")
    static final class ListPolicies extends Subcommand {
        @Override
        void run(PolicyTarget.Connection connection, PolicyEditor editor, PrintWriter out) {
            List<CountryPolicy> all = connection.catalog().all();
            all = java.util.stream.Stream.concat(
                    all.stream().filter(p -> CountryPolicy.GLOBAL.equals(p.scope())),
                    all.stream().filter(p -> !CountryPolicy.GLOBAL.equals(p.scope()))).toList();
            PolicyPrinter.table(all, out);
            Optional<CountryPolicy> global = all.stream().filter(p -> CountryPolicy.GLOBAL.equals(p.scope())).findFirst();
            Optional<CountryPolicy> fallback = all.stream().filter(p -> CountryPolicy.DEFAULT.equals(p.scope())).findFirst();
            out.println();
            out.println("kill switch: " + (global.map(g -> !g.smsPosting().enabled()).orElse(false) ? "ON (SMS posting off everywhere)" : "off")
                    + "; countries not listed: " + fallback.map(d -> "DEFAULT, SMS posting " + d.smsPosting())
                            .orElse("no DEFAULT item, nothing allowed"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "One item (a country, DEFAULT or GLOBAL), and for a country what is in effect there.")
    static final class Get extends Subcommand {
        @Parameters(paramLabel = "SCOPE", description = "An ISO 3166-1 alpha-2 country (GB, not UK), DEFAULT or GLOBAL.")
        String scope;

        @Override
        void validate() {
            scope = PolicyFile.scope(scope, null);
        }

        @Override
        void run(PolicyTarget.Connection connection, PolicyEditor editor, PrintWriter out) {
            Optional<CountryPolicy> item = connection.catalog().get(scope);
            if (item.isPresent()) {
                PolicyPrinter.item(item.get(), out);
            } else {
                out.println(scope + ": no item" + (CountryCode.parse(scope).isPresent() ? " of its own" : ""));
            }
            if (CountryCode.parse(scope).isPresent() && !CountryPolicy.DEFAULT.equals(scope) && !CountryPolicy.GLOBAL.equals(scope)) {
                PolicySet set = connection.catalog().forCountry(CountryCode.of(scope));
                if (item.isEmpty() && set.fallback().isPresent()) {
                    out.println("DEFAULT applies:");
                    PolicyPrinter.item(set.fallback().get(), out);
                }
                out.println();
                out.println("in effect for " + scope + ": " + PolicyPrinter.effective(set));
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change one item; fields not given stay as they are. A new country starts as a copy of DEFAULT.")
    static final class Set extends Subcommand {
        @Parameters(paramLabel = "SCOPE", description = "An ISO 3166-1 alpha-2 country (GB, not UK), DEFAULT or GLOBAL.")
        String scope;

        @Option(names = "--sms-posting", paramLabel = "enabled|disabled", description = "Posting by text.")
        Feature smsPosting;

        @Option(names = "--two-factor-sms", paramLabel = "enabled|disabled", description = "Login codes by text.")
        Feature twoFactorSms;

        @Option(names = "--posting-auth", paramLabel = "pin|none", description = "What an SMS post must carry besides a linked number.")
        PostingAuth postingAuth;

        @Option(names = "--sim-swap-check", paramLabel = "off|best_effort|required",
                description = "Ask the SIM-swap signal before a post or a LOGIN/PASSWORD_RESET code: a recent swap refuses; "
                        + "with required, no answer refuses too (docs/sim-swap.md).")
        SimSwapCheck simSwapCheck;

        @Option(names = "--sim-swap-max-age-hours", paramLabel = "N",
                description = "How recent a SIM change counts as a swap, in hours (1-2400, CAMARA maxAge; 240 = 10 days).")
        Integer simSwapMaxAgeHours;

        @Option(names = "--max-posts-per-hour", paramLabel = "N", description = "SMS posts per account per hour.")
        Integer maxPosts;

        @Option(names = "--max-codes-per-hour-per-number", paramLabel = "N", description = "Login codes per number per hour.")
        Integer maxCodesPerNumber;

        @Option(names = "--max-codes-per-hour-per-country", paramLabel = "N", description = "Login codes per country per hour.")
        Integer maxCodesPerCountry;

        @Option(names = "--max-replies-per-hour-per-country", paramLabel = "N",
                description = "Replies (not STOP/START/HELP confirmations) per country per hour.")
        Integer maxRepliesPerCountry;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (shown by list).")
        String note;

        @Option(names = "--if-version", paramLabel = "N",
                description = "Refuse unless the item is still at this version (the one `policy get` showed you).")
        Long ifVersion;

        @Override
        void validate() {
            scope = PolicyFile.scope(scope, null);
            if (simSwapMaxAgeHours != null) {
                PolicyFile.maxAgeHours(simSwapMaxAgeHours, "--sim-swap-max-age-hours");
            }
            for (Integer limit : new Integer[] {maxPosts, maxCodesPerNumber, maxCodesPerCountry, maxRepliesPerCountry}) {
                if (limit != null && (limit < 0 || limit > PolicyFile.MAX_LIMIT)) {
                    throw new PolicyException(2, "limits are whole numbers from 0 to " + PolicyFile.MAX_LIMIT + ", not " + limit);
                }
            }
        }

        @Override
        void run(PolicyTarget.Connection connection, PolicyEditor editor, PrintWriter out) {
            PolicyEditor.Change change = editor.set(scope, new PolicyEditor.Edits(smsPosting, twoFactorSms, postingAuth, simSwapCheck,
                    simSwapMaxAgeHours, maxPosts,
                    maxCodesPerNumber, maxCodesPerCountry, maxRepliesPerCountry, note), ifVersion == null ? OptionalLong.empty() : OptionalLong.of(ifVersion));
            PolicyPrinter.change(change, out);
            if (change.kind() != PolicyEditor.Kind.UNCHANGED) {
                out.println(TAKES_EFFECT);
            }
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Make the table hold a policy file's items (policies/seed.yaml): create, update, leave others alone.")
    static final class Apply extends Subcommand {
        @Parameters(paramLabel = "FILE", description = "A policy file, e.g. policies/seed.yaml.")
        Path file;

        @Option(names = "--dry-run", description = "Show what would change; write nothing.")
        boolean dryRun;

        private List<CountryPolicy> desired;

        @Override
        void validate() {
            Path resolved = file.isAbsolute() || Files.exists(file) ? file : Project.locate().resolve(file.toString());
            if (!Files.isRegularFile(resolved)) {
                throw new PolicyException(2, "no policy file " + file);
            }
            desired = PolicyFile.read(resolved);
        }

        @Override
        void run(PolicyTarget.Connection connection, PolicyEditor editor, PrintWriter out) {
            List<PolicyEditor.Change> changes = editor.apply(desired, dryRun);
            changes.forEach(change -> PolicyPrinter.change(change, out));
            long created = changes.stream().filter(c -> c.kind() == PolicyEditor.Kind.CREATED).count();
            long updated = changes.stream().filter(c -> c.kind() == PolicyEditor.Kind.UPDATED).count();
            out.printf("%s%d created, %d updated, %d unchanged%n", dryRun ? "dry run, nothing written: " : "", created, updated,
                    changes.size() - created - updated);
            if (!dryRun && created + updated > 0) {
                out.println(TAKES_EFFECT);
            }
        }
    }

    @Command(name = "kill-switch", mixinStandardHelpOptions = true,
            description = "on: SMS posting off in every country (UNDO, STOP, START, HELP keep working). off: each country's policy again.")
    static final class KillSwitch extends Subcommand {
        @Parameters(paramLabel = "on|off")
        String state;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (recorded on the GLOBAL item).")
        String note;

        @Override
        void validate() {
            if (!"on".equalsIgnoreCase(state) && !"off".equalsIgnoreCase(state)) {
                throw new PolicyException(2, "kill-switch takes on or off, not " + state);
            }
        }

        @Override
        void run(PolicyTarget.Connection connection, PolicyEditor editor, PrintWriter out) {
            boolean on = "on".equalsIgnoreCase(state);
            PolicyEditor.Change change = editor.killSwitch(on, note);
            if (change.kind() == PolicyEditor.Kind.UNCHANGED) {
                out.println("kill switch already " + (on ? "ON" : "off") + " ("
                        + (change.before().isPresent() ? PolicyEditor.stamp(change.before().get()) : "no GLOBAL item") + "); nothing written");
                return;
            }
            out.println("kill switch " + (on ? "ON: SMS posting is off in every country; UNDO, STOP, START and HELP still work."
                    : "off: each country's own policy (else DEFAULT) decides again."));
            out.println("GLOBAL " + PolicyEditor.stamp(change.after()));
            out.println(TAKES_EFFECT);
        }
    }
}
