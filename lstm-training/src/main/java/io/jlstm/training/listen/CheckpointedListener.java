package io.jlstm.training.listen;

import io.jlstm.training.checkpoint.ListenerState;

/**
 * A training listener whose state is saved in checkpoints, so that a resumed run continues it where
 * the checkpoint was written instead of starting afresh.
 *
 * <p>The trainer calls {@link #saveState} each time it writes a checkpoint, after the listener got
 * the events up to that point. On a resumed run it calls {@link #restoreState} after
 * {@link #onStart} and before the first minibatch, with the state saved under
 * {@link #stateName()}. When the checkpoint contains no such state, as one written before this
 * listener was added does not, the listener keeps the state {@code onStart} gave it.
 */
public interface CheckpointedListener extends TrainingListener {

    /**
     * Returns the name of this listener's state in a checkpoint, such as {@code early-stopping}.
     * Names are unique among the listeners of one trainer and contain no {@code /}.
     */
    String stateName();

    /** Returns a copy of the listener's current state. */
    ListenerState saveState();

    /**
     * Sets the listener's state from a checkpoint.
     *
     * @throws IllegalArgumentException if {@code state} is not a valid state of this listener,
     *     naming the first problem found
     */
    void restoreState(ListenerState state);
}
