package io.jlstm.training.schedule;

import io.jlstm.training.optim.Optimizer;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the validation loss has not improved for
 * more than {@code patience} epochs, as PyTorch's {@code ReduceLROnPlateau} in mode {@code min}
 * with a relative threshold: an epoch improves when {@code loss < best * (1 - threshold)}. After
 * a reduction, {@code cooldown} epochs pass before bad epochs count again. The rate never drops
 * below {@code minLr}, and a reduction smaller than {@code 1e-8} is skipped.
 */
public final class ReduceOnPlateau implements LearningRateSchedule {

    private static final double MIN_CHANGE = 1e-8;

    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;
    private double base = Double.NaN;
    private long epochs;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private int cooldownCounter;

    /**
     * Creates the schedule.
     *
     * @throws IllegalArgumentException if {@code factor} is not in {@code (0, 1)} or another value
     *     is negative
     */
    public ReduceOnPlateau(double factor, int patience, double threshold, int cooldown, double minLr) {
        if (!(factor > 0.0 && factor < 1.0)) {
            throw new IllegalArgumentException("plateau factor must be in (0, 1), but is " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("plateau patience and cooldown must be >= 0, but are " + patience
                    + " and " + cooldown);
        }
        if (!(threshold >= 0.0 && threshold < 1.0)) {
            throw new IllegalArgumentException("plateau threshold must be in [0, 1), but is " + threshold);
        }
        if (!(minLr >= 0.0) || !Double.isFinite(minLr)) {
            throw new IllegalArgumentException("plateau minimum rate must be >= 0, but is " + minLr);
        }
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
    }

    @Override
    public String name() {
        return "plateau";
    }

    @Override
    public Interval interval() {
        return Interval.EPOCH;
    }

    @Override
    public boolean needsValidationLoss() {
        return true;
    }

    @Override
    public void start(Optimizer optimizer) {
        base = optimizer.learningRate();
    }

    /**
     * Counts the epoch as good or bad and reduces the rate after too many bad ones.
     *
     * @throws IllegalArgumentException if {@code validationLoss} is NaN
     */
    @Override
    public void step(Optimizer optimizer, double validationLoss) {
        if (Double.isNaN(validationLoss)) {
            throw new IllegalArgumentException("the plateau schedule needs a validation loss after every epoch, but"
                    + " got NaN; pass validation data to fit() or choose another schedule.name");
        }
        epochs++;
        if (validationLoss < best * (1 - threshold)) {
            best = validationLoss;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            double old = optimizer.learningRate();
            double reduced = Math.max(old * factor, minLr);
            if (old - reduced > MIN_CHANGE) {
                optimizer.setLearningRate(reduced);
            }
            cooldownCounter = cooldown;
            badEpochs = 0;
        }
    }

    @Override
    public ScheduleState state() {
        return new ScheduleState(name(), epochs, base, Map.of("best", best, "bad_epochs", (double) badEpochs,
                "cooldown_counter", (double) cooldownCounter));
    }

    @Override
    public void loadState(ScheduleState state) {
        state.requireSchedule(name());
        epochs = state.intervals();
        base = state.baseLearningRate();
        best = state.value("best");
        badEpochs = (int) state.value("bad_epochs");
        cooldownCounter = (int) state.value("cooldown_counter");
    }
}
