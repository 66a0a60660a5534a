package io.smsgate.local.emulator;

/**
 * No emulator can be started here: a missing tool (Python, moto) or one that cannot be installed. The
 * message is one line for a person: what is wrong and what to do. The command line prints it without a
 * stack trace; {@code --debug} shows the cause.
 */
public final class EmulatorUnavailable extends RuntimeException {
    public EmulatorUnavailable(String message) {
        super(message);
    }

    public EmulatorUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
