package io.jlstm.training.io;

import java.io.IOException;

/** A safetensors file that is malformed or inconsistent; the message names the file, the tensor and the problem. */
public class SafetensorsException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the file, the tensor and the problem. */
    public SafetensorsException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the error that caused it. */
    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
