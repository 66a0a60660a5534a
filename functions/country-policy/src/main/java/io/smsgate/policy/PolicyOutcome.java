package io.smsgate.policy;

import io.smsgate.shared.domain.CountryPolicy;
import java.util.Optional;

/** What became of one command. */
sealed interface PolicyOutcome {
    /** Published to ApprovedCommandsTopic; {@code policyScope} is the item that allowed it, or SAFETY. */
    record Approved(Decision decision, String policyScope) implements PolicyOutcome {
    }

    /** Not approved; {@code replied} when a denial text was requested (at most one per number per day). */
    record Denied(Decision decision, Optional<CountryPolicy> policy, boolean replied) implements PolicyOutcome {
    }

    /** Bad input: logged, counted, nothing published. */
    record Rejected(Rejection reason) implements PolicyOutcome {
    }
}
