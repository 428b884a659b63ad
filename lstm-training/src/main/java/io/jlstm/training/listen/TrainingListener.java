package io.jlstm.training.listen;

/**
 * Receives training events. The progress display, metrics logs and early stopping are listeners.
 * Methods run on the training thread between steps, so they should return quickly.
 */
public interface TrainingListener {

    /** Called once before the first step. */
    default void onStart(TrainingStart start) {
    }

    /** Called after every parameter update. */
    default void onStep(StepEvent step) {
    }

    /** Called after every epoch, after validation; {@code control} can stop training. */
    default void onEpoch(EpochEvent epoch, TrainingControl control) {
    }

    /** Called once when training ends, normally or by a stop request. */
    default void onFinish(TrainingSummary summary) {
    }
}
