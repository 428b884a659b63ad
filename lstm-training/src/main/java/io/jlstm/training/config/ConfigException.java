package io.jlstm.training.config;

/**
 * A configuration value or file that cannot be used. The message names the key or file, the value
 * and the expected form.
 */
public class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the key, the value and the fix. */
    public ConfigException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the error that caused it. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
