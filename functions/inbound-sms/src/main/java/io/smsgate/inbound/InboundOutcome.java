package io.smsgate.inbound;

import io.smsgate.shared.domain.CommandName;

/** What became of one inbound text. */
sealed interface InboundOutcome {
    /** Published to CommandsTopic for the country policy. */
    record Forwarded(CommandName command, String country) implements InboundOutcome {
    }

    /** STOP/START/HELP: {@code applied} false when a newer change was already recorded; {@code replied} when a reply was requested. */
    record Compliance(CommandName command, boolean applied, boolean replied) implements InboundOutcome {
    }

    /** Handled before: nothing done. */
    record Duplicate() implements InboundOutcome {
    }

    /** Bad input: logged, counted, nothing written. */
    record Rejected(Rejection reason) implements InboundOutcome {
    }
}
