package io.smsgate.shared.port;

/**
 * A fault that a later attempt may not meet (another attempt in progress, a dependency briefly away):
 * thrown out of the handler so Lambda retries the event and then dead-letters it.
 */
public class TransientFaultException extends RuntimeException {
    public TransientFaultException(String message) {
        super(message);
    }

    public TransientFaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
