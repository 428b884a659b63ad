package io.jlstm.examples.text;

import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingStart;
import java.util.Locale;

/**
 * Stops training when the next epoch, at the pace of the last one (validation included), would end
 * past a wall-clock limit counted from the start of training.
 *
 * <p>NOTE: the trainer stops only between epochs, so a first epoch longer than the limit still
 * runs to its end.
 */
public final class TimeBudget implements TrainingListener {

    private final double limitSeconds;
    private long startNanos;

    /**
     * Creates a budget of {@code minutes}.
     *
     * @throws IllegalArgumentException if {@code minutes} is not a positive finite number
     */
    public TimeBudget(double minutes) {
        if (!(minutes > 0.0) || !Double.isFinite(minutes)) {
            throw new IllegalArgumentException("time budget must be a positive number of minutes, but is " + minutes);
        }
        this.limitSeconds = minutes * 60.0;
    }

    @Override
    public void onStart(TrainingStart start) {
        startNanos = System.nanoTime();
    }

    @Override
    public void onEpoch(EpochEvent epoch, TrainingControl control) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        if (elapsed + epoch.seconds() > limitSeconds) {
            control.requestStop(String.format(Locale.ROOT, "time budget of %.1f min: %.0f s used, and another epoch"
                    + " takes about %.0f s", limitSeconds / 60.0, elapsed, epoch.seconds()));
        }
    }
}
