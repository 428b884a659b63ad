package io.jlstm.training.config;

/** Where a configuration value came from, highest precedence first. */
public enum ConfigSource {
    /** A command-line flag or a value set in code through {@link JlstmConfig.Builder#set}. */
    FLAG("command-line flag"),
    /** A Java system property {@code jlstm.<key>}. */
    SYSTEM_PROPERTY("system property"),
    /** An environment variable {@code JLSTM_<KEY>}. */
    ENVIRONMENT("environment variable"),
    /** The configuration file. */
    FILE("configuration file"),
    /** The built-in default. */
    DEFAULT("built-in default");

    private final String description;

    ConfigSource(String description) {
        this.description = description;
    }

    /** Human-readable name for logs, such as {@code environment variable}. */
    public String description() {
        return description;
    }
}
