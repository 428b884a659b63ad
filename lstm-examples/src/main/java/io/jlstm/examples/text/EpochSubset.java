package io.jlstm.examples.text;

import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingControl;
import io.jlstm.training.listen.TrainingListener;
import java.util.SplittableRandom;

/**
 * A fixed number of samples of a larger dataset that moves on after every epoch, so that an
 * "epoch" of the trainer is a slice of one pass. The samples are visited in one seeded random
 * order; epoch {@code e} serves positions {@code (e-1)*size() .. e*size()-1} of it, wrapping around,
 * so consecutive epochs cover the whole dataset before any sample repeats.
 *
 * <p>Register the subset as a listener of the trainer that trains on it, so that it moves on at the
 * end of each epoch.
 *
 * <p>NOTE: the position is not part of a checkpoint, so a resumed run starts again at the first slice.
 */
public final class EpochSubset implements SequenceDataset, TrainingListener {

    private final SequenceDataset base;
    private final int[] order;
    private final int size;
    private long offset;

    /**
     * Serves {@code size} samples of {@code base} per epoch.
     *
     * @throws IllegalArgumentException if {@code size} is not in {@code 1 .. base.size()}
     */
    public EpochSubset(SequenceDataset base, int size, long seed) {
        if (size < 1 || size > base.size()) {
            throw new IllegalArgumentException("samples per epoch must be in 1.." + base.size() + ", but is " + size);
        }
        this.base = base;
        this.size = size;
        this.order = new int[base.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int swap = order[k];
            order[k] = order[j];
            order[j] = swap;
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int steps() {
        return base.steps();
    }

    @Override
    public int inputSize() {
        return base.inputSize();
    }

    @Override
    public int targetSize() {
        return base.targetSize();
    }

    /** The index in the base dataset of sample {@code index} of the current epoch. */
    public int baseIndex(int index) {
        return order[(int) ((offset + index) % order.length)];
    }

    @Override
    public void sample(int index, double[] input, double[] target) {
        base.sample(baseIndex(index), input, target);
    }

    @Override
    public void onEpoch(EpochEvent epoch, TrainingControl control) {
        offset = (offset + size) % order.length;
    }
}
