package io.jlstm.training.data;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;

/**
 * A minibatch in the model's layout: input {@code (T*B) x I} and targets {@code (T*B) x targetSize},
 * time-major, so row {@code t*B + b} is step {@code t} of sample {@code b}.
 */
public record Batch(Tensor input, Tensor targets, int batchSize) {

    /** Number of time steps. */
    public int steps() {
        return input.rows() / batchSize;
    }

    /**
     * Collates the samples {@code indices[from .. from+count-1]} of {@code data} into one batch.
     */
    public static Batch collate(Backend backend, SequenceDataset data, int[] indices, int from, int count) {
        int steps = data.steps();
        int inputSize = data.inputSize();
        int targetSize = data.targetSize();
        double[] sampleInput = new double[steps * inputSize];
        double[] sampleTarget = new double[steps * targetSize];
        double[] x = new double[steps * count * inputSize];
        double[] y = new double[steps * count * targetSize];

        for (int b = 0; b < count; b++) {
            data.sample(indices[from + b], sampleInput, sampleTarget);
            for (int t = 0; t < steps; t++) {
                System.arraycopy(sampleInput, t * inputSize, x, (t * count + b) * inputSize, inputSize);
                System.arraycopy(sampleTarget, t * targetSize, y, (t * count + b) * targetSize, targetSize);
            }
        }
        return new Batch(backend.fromArray(steps * count, inputSize, x),
                backend.fromArray(steps * count, targetSize, y), count);
    }
}
