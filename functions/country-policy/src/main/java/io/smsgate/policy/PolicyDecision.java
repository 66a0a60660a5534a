package io.smsgate.policy;

import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.PolicySet;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The policy function as a function: a command and the policy items for its country in, a decision
 * out. No I/O, so the whole decision table is a unit test.
 *
 * <ol>
 *   <li>Only POST and UNDO reach this function on purpose; anything else is {@code DENIED_UNKNOWN_COMMAND}.</li>
 *   <li>A safety command (UNDO) is approved without looking at the policy.</li>
 *   <li>POST: the GLOBAL kill switch first, then the country's item, else DEFAULT, else nothing is allowed.</li>
 * </ol>
 */
record PolicyDecision(Decision decision, Optional<CountryPolicy> policy) {
    /** The commands this function approves; compliance keywords are handled before it and never reach it. */
    static final Set<CommandName> SUPPORTED = EnumSet.of(CommandName.POST, CommandName.UNDO);

    PolicyDecision {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(policy, "policy");
        if (decision == Decision.APPROVED && policy.isEmpty()) {
            throw new IllegalArgumentException("an approval names the policy item that allowed it");
        }
    }

    /** True when the decision needs the policy items: a safety or unknown command is decided without them. */
    static boolean needsPolicy(CommandName command) {
        return SUPPORTED.contains(command) && !command.safety();
    }

    /** The decision for a command that needs no policy (see {@link #needsPolicy}). */
    static PolicyDecision withoutPolicy(CommandName command) {
        if (!SUPPORTED.contains(command)) {
            return new PolicyDecision(Decision.DENIED_UNKNOWN_COMMAND, Optional.empty());
        }
        if (command.safety()) {
            return new PolicyDecision(Decision.APPROVED_SAFETY, Optional.empty());
        }
        throw new IllegalArgumentException(command + " is decided by the policy");
    }

    /** The decision for a command under its country's policy items. */
    static PolicyDecision of(CommandName command, PolicySet policies) {
        if (!needsPolicy(command)) {
            return withoutPolicy(command);
        }
        Optional<CountryPolicy> applicable = policies.applicable();
        if (policies.smsPostingKilledGlobally()) {
            return new PolicyDecision(Decision.DENIED_GLOBAL, policies.global());
        }
        if (applicable.isEmpty()) {
            return new PolicyDecision(Decision.DENIED_NO_POLICY, Optional.empty());
        }
        if (!applicable.get().smsPosting().enabled()) {
            return new PolicyDecision(Decision.DENIED_COUNTRY, applicable);
        }
        return new PolicyDecision(Decision.APPROVED, applicable);
    }
}
