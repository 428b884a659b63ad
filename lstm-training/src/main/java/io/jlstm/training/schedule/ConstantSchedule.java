package io.jlstm.training.schedule;

/** The base learning rate throughout, after the optional warm-up. */
public final class ConstantSchedule extends ClosedFormSchedule {

    /** Creates the schedule; {@code warmup = 0} keeps the optimizer's rate unchanged. */
    public ConstantSchedule(Interval interval, int warmup, double warmupStartFactor) {
        super(interval, warmup, warmupStartFactor);
    }

    @Override
    public String name() {
        return "constant";
    }

    @Override
    protected double decayed(double base, long t) {
        return base;
    }
}
