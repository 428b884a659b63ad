package io.jlstm.training.schedule;

/**
 * {@code lr = etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}, as PyTorch's
 * {@code CosineAnnealingLR}. After {@code tMax} intervals the rate climbs back, as in PyTorch.
 */
public final class CosineAnnealing extends ClosedFormSchedule {

    private final int tMax;
    private final double etaMin;

    /**
     * Creates the schedule.
     *
     * @throws IllegalArgumentException if {@code tMax < 1} or {@code etaMin} is negative
     */
    public CosineAnnealing(Interval interval, int tMax, double etaMin, int warmup, double warmupStartFactor) {
        super(interval, warmup, warmupStartFactor);
        if (tMax < 1) {
            throw new IllegalArgumentException("cosine annealing period must be >= 1 interval, but is " + tMax);
        }
        if (!(etaMin >= 0.0) || !Double.isFinite(etaMin)) {
            throw new IllegalArgumentException("cosine annealing minimum rate must be >= 0, but is " + etaMin);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
    }

    @Override
    public String name() {
        return "cosine";
    }

    @Override
    protected double decayed(double base, long t) {
        return etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }
}
