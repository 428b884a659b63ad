package io.jlstm.training.schedule;

/** {@code lr = base * gamma^floor(t / stepSize)}, as PyTorch's {@code StepLR}. */
public final class StepDecay extends ClosedFormSchedule {

    private final int stepSize;
    private final double gamma;

    /**
     * Creates the schedule.
     *
     * @throws IllegalArgumentException if {@code stepSize < 1} or {@code gamma} is not in
     *     {@code (0, 1]}
     */
    public StepDecay(Interval interval, int stepSize, double gamma, int warmup, double warmupStartFactor) {
        super(interval, warmup, warmupStartFactor);
        if (stepSize < 1) {
            throw new IllegalArgumentException("step decay period must be >= 1 interval, but is " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = Schedules.decayFactor(gamma);
    }

    @Override
    public String name() {
        return "step";
    }

    @Override
    protected double decayed(double base, long t) {
        return base * Math.pow(gamma, t / stepSize);
    }
}
