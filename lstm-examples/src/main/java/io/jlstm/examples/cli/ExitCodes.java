package io.jlstm.examples.cli;

/** Exit statuses of the {@code jlstm} command. */
public final class ExitCodes {

    private ExitCodes() {
    }

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran but its check failed: a gradient check, or training that diverged. */
    public static final int FAILED = 1;
    /** Bad input: a flag, configuration value, data file or model file that cannot be used. */
    public static final int BAD_INPUT = 2;
    /** An unexpected internal error; the stack trace is in the debug log. */
    public static final int INTERNAL_ERROR = 3;
}
