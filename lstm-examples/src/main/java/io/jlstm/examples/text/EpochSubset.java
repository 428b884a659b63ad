package io.jlstm.examples.text;

import io.jlstm.training.checkpoint.ListenerState;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.listen.CheckpointedListener;
import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingControl;
import java.util.Map;
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
 * <p>The position is part of every checkpoint, so a resumed run continues with the slice it was
 * training on.
 */
public final class EpochSubset implements SequenceDataset, CheckpointedListener {

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

    @Override
    public String stateName() {
        return "epoch-subset";
    }

    @Override
    public ListenerState saveState() {
        return new ListenerState(Map.of("offset", Long.toString(offset), "size", Integer.toString(size),
                "base_size", Integer.toString(order.length)), Map.of());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the state belongs to a subset of another size or of a
     *     dataset of another size, or its offset is out of range
     */
    @Override
    public void restoreState(ListenerState state) {
        long savedSize = state.longValue("size");
        long savedBaseSize = state.longValue("base_size");
        if (savedSize != size || savedBaseSize != order.length) {
            throw new IllegalArgumentException("the checkpoint's epoch slices have " + savedSize + " of "
                    + savedBaseSize + " samples, but this run's have " + size + " of " + order.length
                    + "; resume with the data and settings the checkpoint was trained with");
        }
        long savedOffset = state.longValue("offset");
        if (savedOffset < 0 || savedOffset >= order.length) {
            throw new IllegalArgumentException("epoch-subset offset " + savedOffset + " is outside 0.."
                    + (order.length - 1));
        }
        offset = savedOffset;
    }
}
