package io.smsgate.local.cli;

/** A policy command that cannot go on, with what to tell the operator and the exit code. */
final class PolicyException extends RuntimeException {
    /** Exit codes: 2 bad input or no target, 3 someone else changed the item. */
    private final int exitCode;

    PolicyException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
