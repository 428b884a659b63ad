package io.jlstm.examples.text;

import io.jlstm.examples.data.DataException;

/**
 * A text corpus or a text argument that cannot be used. The message is one line naming the file or
 * option, the position, the offending value and the fix; the {@code jlstm} command prints it and
 * exits with status 2.
 */
public class CorpusException extends DataException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a complete one-line message. */
    public CorpusException(String message) {
        super(message);
    }

    /** Creates an exception with a complete one-line message and its cause. */
    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
