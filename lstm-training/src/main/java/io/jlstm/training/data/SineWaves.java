package io.jlstm.training.data;

/**
 * A synthetic, learnable sequence task: from {@code sin(t)} predict {@code sin(t + 0.1)} at every
 * step. Used by the quick-start example and by tests that check a model can learn.
 */
public final class SineWaves {

    /** Time between consecutive steps, in radians. */
    public static final double STEP = 0.1;

    private SineWaves() {
    }

    /**
     * {@code sequences} windows of {@code steps} steps; window {@code n} starts at
     * {@code t = 0.37 * n} so that the windows cover different phases.
     */
    public static SequenceDataset nextValueTask(int sequences, int steps) {
        double[][][] inputs = new double[sequences][steps][1];
        double[][][] targets = new double[sequences][steps][1];
        for (int n = 0; n < sequences; n++) {
            double start = 0.37 * n;
            for (int t = 0; t < steps; t++) {
                double time = start + t * STEP;
                inputs[n][t][0] = Math.sin(time);
                targets[n][t][0] = Math.sin(time + STEP);
            }
        }
        return new ArraySequenceDataset(inputs, targets);
    }
}
