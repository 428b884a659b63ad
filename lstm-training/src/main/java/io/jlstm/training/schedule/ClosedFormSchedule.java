package io.jlstm.training.schedule;

import io.jlstm.training.optim.Optimizer;
import java.util.Map;

/**
 * A schedule whose learning rate is a function of the interval count {@code t}:
 * {@code lr(t) = warmup(t) * decayed(base, t)}, with the linear warm-up factor of PyTorch's
 * {@code LinearLR} (end factor 1)
 * {@code warmup(t) = start + (1 - start) * min(t, w) / w} and the decay of the subclass.
 *
 * <p>PyTorch's schedulers update the rate recursively from the previous one; this class uses
 * their closed forms ({@code _get_closed_form_lr}). The two agree to rounding, which the tests
 * bound at 1e-12 against values recorded from PyTorch, including the warm-up chained with step
 * decay as {@code ChainedScheduler} combines them.
 */
public abstract class ClosedFormSchedule implements LearningRateSchedule {

    private final Interval interval;
    private final int warmup;
    private final double warmupStartFactor;
    private double base = Double.NaN;
    private long t;

    /**
     * Creates the schedule.
     *
     * @param warmup warm-up length in intervals; 0 for none
     * @param warmupStartFactor warm-up factor at {@code t = 0}, in {@code (0, 1]}
     */
    protected ClosedFormSchedule(Interval interval, int warmup, double warmupStartFactor) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up length must be >= 0 intervals, but is " + warmup);
        }
        if (!(warmupStartFactor > 0.0 && warmupStartFactor <= 1.0)) {
            throw new IllegalArgumentException("warm-up start factor must be in (0, 1], but is " + warmupStartFactor);
        }
        this.interval = interval;
        this.warmup = warmup;
        this.warmupStartFactor = warmupStartFactor;
    }

    /** The learning rate after {@code t} intervals without warm-up, for base rate {@code base}. */
    protected abstract double decayed(double base, long t);

    @Override
    public final Interval interval() {
        return interval;
    }

    /** The learning rate of interval {@code t}, warm-up included. */
    public final double learningRate(long t) {
        double factor = 1.0;
        if (warmup > 0) {
            factor = warmupStartFactor + (1.0 - warmupStartFactor) * Math.min(warmup, t) / warmup;
        }
        return factor * decayed(base, t);
    }

    @Override
    public final void start(Optimizer optimizer) {
        base = optimizer.learningRate();
        t = 0;
        optimizer.setLearningRate(learningRate(0));
    }

    @Override
    public final void step(Optimizer optimizer, double validationLoss) {
        if (Double.isNaN(base)) {
            throw new IllegalStateException("schedule " + name() + " stepped before start()");
        }
        t++;
        optimizer.setLearningRate(learningRate(t));
    }

    @Override
    public final ScheduleState state() {
        return new ScheduleState(name(), t, base, Map.of());
    }

    @Override
    public final void loadState(ScheduleState state) {
        state.requireSchedule(name());
        base = state.baseLearningRate();
        t = state.intervals();
    }

    /** The base learning rate, or NaN before {@link #start}. */
    public final double baseLearningRate() {
        return base;
    }
}
