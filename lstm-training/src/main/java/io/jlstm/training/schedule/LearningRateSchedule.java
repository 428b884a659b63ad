package io.jlstm.training.schedule;

import io.jlstm.training.optim.Optimizer;

/**
 * Sets the optimizer's learning rate as training advances, with the semantics of
 * {@code torch.optim.lr_scheduler} (PyTorch 1.13): the rate of interval 0 is set by
 * {@link #start}, and each {@link #step} ends one interval (an epoch or an update, see
 * {@link #interval()}) and sets the rate of the next.
 */
public interface LearningRateSchedule {

    /** When a schedule advances. */
    enum Interval {
        /** After every epoch, after validation. */
        EPOCH,
        /** After every parameter update. */
        STEP
    }

    /** Name for logs and checkpoints, such as {@code cosine}. */
    String name();

    /** Whether {@link #step} runs after every epoch or after every update. */
    Interval interval();

    /** Whether {@link #step} needs a validation loss (reduce-on-plateau does). */
    default boolean needsValidationLoss() {
        return false;
    }

    /**
     * Takes the optimizer's current learning rate as the base rate and sets the rate of interval
     * 0. Called once at the start of a run that does not resume from a checkpoint.
     */
    void start(Optimizer optimizer);

    /**
     * Ends an interval and sets the learning rate of the next one.
     *
     * @param validationLoss the epoch's validation loss, or NaN when there is none or the
     *     interval is an update
     */
    void step(Optimizer optimizer, double validationLoss);

    /** A copy of the state a checkpoint needs to continue the schedule. */
    ScheduleState state();

    /**
     * Continues from {@code state}. The optimizer's learning rate is restored with the optimizer
     * state, not here.
     *
     * @throws IllegalArgumentException if {@code state} was written by another schedule
     */
    void loadState(ScheduleState state);
}
