package io.jlstm.training.memory;

import io.jlstm.training.config.ConfigException;

/**
 * A training configuration whose estimated memory exceeds the JVM's maximum heap. The message
 * gives the estimate, its largest parts and the settings that would fit.
 */
public class InsufficientHeapException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final transient MemoryEstimate estimate;

    /** Creates an exception for {@code estimate} with a message that lists the options. */
    public InsufficientHeapException(String message, MemoryEstimate estimate) {
        super(message);
        this.estimate = estimate;
    }

    /** The estimate that did not fit. */
    public MemoryEstimate estimate() {
        return estimate;
    }
}
