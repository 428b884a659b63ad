package io.jlstm.api.layer;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Inverted dropout masks: each element is kept with probability {@code 1 - p} and then scaled by
 * {@code 1 / (1 - p)}, so the expected value is unchanged and evaluation needs no rescaling.
 * Masks come from a {@link SplittableRandom} seeded at construction, so a fixed seed reproduces
 * the same sequence of masks. Not thread-safe.
 */
public final class Dropout {

    private final double probability;
    private final double keepScale;
    private SplittableRandom random;

    /**
     * Creates masks that drop each element with probability {@code probability}.
     *
     * @throws IllegalArgumentException if {@code probability} is not in {@code [0, 1)}
     */
    public Dropout(double probability, long seed) {
        if (!(probability >= 0.0 && probability < 1.0)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), but is " + probability);
        }
        this.probability = probability;
        this.keepScale = 1.0 / (1.0 - probability);
        this.random = new SplittableRandom(seed);
    }

    /** Drop probability {@code p}. */
    public double probability() {
        return probability;
    }

    /** Restarts the mask sequence from {@code seed}. */
    public void reseed(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Draws a {@code rows x cols} mask of zeros and {@code 1 / (1 - p)}. */
    public Tensor sampleMask(Backend backend, int rows, int cols) {
        double[] mask = new double[rows * cols];
        for (int k = 0; k < mask.length; k++) {
            mask[k] = random.nextDouble() < probability ? 0.0 : keepScale;
        }
        return backend.fromArray(rows, cols, mask);
    }
}
