package io.smsgate.shared.domain;

/**
 * What a text asks for; the value of the {@code command} message attribute subscriptions filter on.
 * Safety commands work in every country and under the global kill switch.
 */
public enum CommandName {
    POST(false),
    UNDO(true),
    HELP(true),
    OPT_OUT(true),
    OPT_IN(true);

    private final boolean safety;

    CommandName(boolean safety) {
        this.safety = safety;
    }

    /** True for commands no policy may block: the compliance keywords, and UNDO. */
    public boolean safety() {
        return safety;
    }
}
