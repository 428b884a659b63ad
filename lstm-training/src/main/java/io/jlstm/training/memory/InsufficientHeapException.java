package io.jlstm.training.memory;

import io.jlstm.training.config.ConfigException;

/**
 * A training configuration whose estimated memory exceeds the JVM's maximum heap. The message
 * gives the estimate, its largest parts and the settings that would fit.
 */
public class InsufficientHeapException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final transient MemoryEstimate estimate;

    /**
     * Creates an exception with a message that lists the options.
     *
     * @param estimate the estimate of the whole run, or {@code null} when only the model's
     *     parameters were estimated
     */
    public InsufficientHeapException(String message, MemoryEstimate estimate) {
        super(message);
        this.estimate = estimate;
    }

    /** Returns the estimate that did not fit, or {@code null} when only the parameters were estimated. */
    public MemoryEstimate estimate() {
        return estimate;
    }
}
