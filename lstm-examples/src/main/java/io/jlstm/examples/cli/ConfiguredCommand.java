package io.jlstm.examples.cli;

import io.jlstm.training.config.ConfigSchema;

/** A subcommand that reads a configuration; it gets one {@code --<key>} option per key of its schema. */
interface ConfiguredCommand {

    /** The keys the command accepts. */
    ConfigSchema schema();
}
