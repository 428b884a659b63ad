package io.jlstm.examples;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Output streams of a command.
 *
 * @param out results: summary tables, predictions
 * @param terminal stream the progress bar is drawn on
 * @param commandLine the command as typed, recorded in {@code model.json}
 */
public record RunContext(PrintWriter out, PrintStream terminal, String commandLine) {
}
