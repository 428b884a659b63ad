package io.jlstm.examples.cli;

import io.jlstm.training.config.ConfigSchema;

/**
 * A subcommand that reads a configuration. {@link JlstmCommand#commandLine()} gives it one
 * {@code --<key>} option per key of its schema; read them with {@link ConfigFlags#build}.
 */
public interface ConfiguredCommand {

    /** The keys the command accepts. */
    ConfigSchema schema();
}
