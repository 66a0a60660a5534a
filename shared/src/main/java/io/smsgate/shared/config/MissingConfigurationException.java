package io.smsgate.shared.config;

/** A configuration variable is missing or malformed: the function cannot start. */
public final class MissingConfigurationException extends IllegalStateException {
    private final String variable;

    public MissingConfigurationException(String variable, String problem) {
        super("configuration variable " + variable + " " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
