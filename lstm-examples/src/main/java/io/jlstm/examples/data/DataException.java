package io.jlstm.examples.data;

import java.nio.file.Path;

/**
 * Input data that cannot be used. The message is one line naming the file, the line, the value and
 * the expected form; the {@code jlstm} command prints it and exits with status 2.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a complete one-line message. */
    public DataException(String message) {
        super(message);
    }

    /** Creates an exception with a complete one-line message and its cause. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error at {@code line} (from 1) of {@code file}. */
    public static DataException at(Path file, int line, String problem) {
        return new DataException(file + ", line " + line + ": " + problem);
    }
}
