package io.smsgate.local.cli.policy;

/** A policy command that cannot go on, with what to tell the operator and the exit code. */
public final class PolicyException extends RuntimeException {
    /** Exit codes: 2 bad input or no target, 3 someone else changed the item. */
    private final int exitCode;

    PolicyException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
