package io.jlstm.examples;

import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;

/** Stops training after the first epoch whose training loss is NaN or infinite, and remembers that it did. */
public final class NonFiniteLossStop implements TrainingListener {

    private String reason;

    @Override
    public void onEpoch(EpochEvent epoch, TrainingControl control) {
        if (!Double.isFinite(epoch.trainingLoss()) && reason == null) {
            reason = "training loss is " + epoch.trainingLoss() + " in epoch " + epoch.epoch()
                    + "; lower optimizer.lr or check the data scaling";
            control.requestStop(reason);
        }
    }

    /** Why training was stopped, or {@code null} if every loss was finite. */
    public String reason() {
        return reason;
    }
}
