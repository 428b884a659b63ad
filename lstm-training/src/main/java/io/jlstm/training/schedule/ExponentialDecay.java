package io.jlstm.training.schedule;

/** {@code lr = base * gamma^t}, as PyTorch's {@code ExponentialLR}. */
public final class ExponentialDecay extends ClosedFormSchedule {

    private final double gamma;

    /**
     * Creates the schedule.
     *
     * @throws IllegalArgumentException if {@code gamma} is not in {@code (0, 1]}
     */
    public ExponentialDecay(Interval interval, double gamma, int warmup, double warmupStartFactor) {
        super(interval, warmup, warmupStartFactor);
        this.gamma = Schedules.decayFactor(gamma);
    }

    @Override
    public String name() {
        return "exponential";
    }

    @Override
    protected double decayed(double base, long t) {
        return base * Math.pow(gamma, t);
    }
}
