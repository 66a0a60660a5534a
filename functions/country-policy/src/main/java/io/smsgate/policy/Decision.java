package io.smsgate.policy;

/**
 * What the policy decided for one command, and why: the reason code in the log line, and the
 * {@code Decision} dimension of the {@code PolicyDecision} metric.
 */
enum Decision {
    /** POST, and the applicable policy has SMS posting ENABLED with no global switch off. */
    APPROVED("approved", true),
    /** A safety command (UNDO): no policy may block it, so none is read. */
    APPROVED_SAFETY("approved-safety", true),
    /** The applicable policy (the country's item, else DEFAULT) has SMS posting DISABLED. */
    DENIED_COUNTRY("denied-country", false),
    /** The GLOBAL item has SMS posting DISABLED: the kill switch is on. */
    DENIED_GLOBAL("denied-global", false),
    /** Neither the country nor DEFAULT has an item: nothing is allowed. */
    DENIED_NO_POLICY("denied-no-policy", false),
    /** Not a command this function approves (only POST and UNDO are): denied without a reply. */
    DENIED_UNKNOWN_COMMAND("denied-unknown-command", false);

    private final String metricValue;
    private final boolean approved;

    Decision(String metricValue, boolean approved) {
        this.metricValue = metricValue;
        this.approved = approved;
    }

    String metricValue() {
        return metricValue;
    }

    boolean approved() {
        return approved;
    }

    /** Denials the sender is told about (once a day at most); an unknown command gets no answer. */
    boolean repliedTo() {
        return !approved && this != DENIED_UNKNOWN_COMMAND;
    }
}
