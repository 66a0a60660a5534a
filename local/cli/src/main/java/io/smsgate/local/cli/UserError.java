package io.smsgate.local.cli;

/**
 * Something the person running {@code ./smsgate} can fix: a name that does not exist, a file that is not
 * there, a missing build. One line says what is wrong and what to do; the command exits 2.
 */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
