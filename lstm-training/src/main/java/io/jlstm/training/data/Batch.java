package io.jlstm.training.data;

import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;

/**
 * A minibatch in the model's layout: input {@code (T*B) x I} and targets {@code (T*B) x targetSize},
 * time-major, so row {@code t*B + b} is step {@code t} of sample {@code b}.
 *
 * @param lengths per-sample lengths of a right-padded batch, or {@code null} when every sample has
 *     all steps
 */
public record Batch(Tensor input, Tensor targets, int batchSize, SequenceLengths lengths) {

    /** A batch of equal-length samples. */
    public Batch(Tensor input, Tensor targets, int batchSize) {
        this(input, targets, batchSize, null);
    }

    /** Number of time steps. */
    public int steps() {
        return input.rows() / batchSize;
    }

    /**
     * Collates the samples {@code indices[from .. from+count-1]} of {@code data} into one batch,
     * with lengths when any of them is shorter than {@code data.steps()}.
     *
     * @throws IllegalArgumentException if a sample's length is not in {@code 1..data.steps()},
     *     naming its dataset index
     */
    public static Batch collate(Backend backend, SequenceDataset data, int[] indices, int from, int count) {
        int steps = data.steps();
        int inputSize = data.inputSize();
        int targetSize = data.targetSize();
        double[] sampleInput = new double[steps * inputSize];
        double[] sampleTarget = new double[steps * targetSize];
        double[] x = new double[steps * count * inputSize];
        double[] y = new double[steps * count * targetSize];
        int[] lengths = new int[count];
        boolean padded = false;

        for (int b = 0; b < count; b++) {
            int index = indices[from + b];
            lengths[b] = data.length(index);
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException("dataset sample " + index + " has length " + lengths[b]
                        + ", but lengths must be in 1.." + steps + "; an all-padding sample cannot be trained on");
            }
            padded |= lengths[b] < steps;
            data.sample(indices[from + b], sampleInput, sampleTarget);
            for (int t = 0; t < steps; t++) {
                System.arraycopy(sampleInput, t * inputSize, x, (t * count + b) * inputSize, inputSize);
                System.arraycopy(sampleTarget, t * targetSize, y, (t * count + b) * targetSize, targetSize);
            }
        }
        return new Batch(backend.fromArray(steps * count, inputSize, x),
                backend.fromArray(steps * count, targetSize, y), count,
                padded ? SequenceLengths.of(steps, lengths) : null);
    }
}
