package io.jlstm.training.io;

import java.io.IOException;

/** A model directory that cannot be loaded; the message names the file, the entry and the problem. */
public class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the file, the entry and the problem. */
    public ModelFileException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the error that caused it. */
    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
