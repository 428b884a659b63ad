package io.jlstm.training;

/**
 * Thrown when an update would use a NaN or infinite loss or gradient norm and
 * {@code training.allow-non-finite} is false. The parameters keep the values of the last good
 * update, and a checkpoint written before stays valid.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;

    /** Creates the exception for update number {@code step} (from 1). */
    public TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** Number of the update that was not applied, from 1. */
    public long step() {
        return step;
    }
}
