package io.jlstm.testkit;

import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import java.util.SplittableRandom;

/** Seeded random tensors and initial states for properties. */
public final class TestData {

    private TestData() {
    }

    /** Creates a {@code rows x cols} tensor with entries uniform in {@code [-scale, scale]}. */
    public static Tensor uniform(Backend backend, int rows, int cols, double scale, SplittableRandom random) {
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = (2.0 * random.nextDouble() - 1.0) * scale;
        }
        return backend.fromArray(rows, cols, values);
    }

    /** {@code rows x 1} class indices uniform in {@code 0 .. classes-1}. */
    public static Tensor classIndices(Backend backend, int rows, int classes, SplittableRandom random) {
        double[] values = new double[rows];
        for (int k = 0; k < rows; k++) {
            values[k] = random.nextInt(classes);
        }
        return backend.fromArray(rows, 1, values);
    }

    /** Per-sample lengths uniform in {@code 1..steps}. */
    public static SequenceLengths lengths(int batch, int steps, SplittableRandom random) {
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = 1 + random.nextInt(steps);
        }
        return SequenceLengths.of(steps, lengths);
    }

    /** Random initial states for every layer of {@code model}, entries in {@code [-scale, scale]}. */
    public static Tensor[][] initialStates(SequenceModel model, int batch, double scale, SplittableRandom random) {
        Tensor[][] states = new Tensor[model.layers().size()][];
        for (int layer = 0; layer < states.length; layer++) {
            int[] sizes = model.layers().get(layer).stateSizes();
            states[layer] = new Tensor[sizes.length];
            for (int k = 0; k < sizes.length; k++) {
                states[layer][k] = uniform(model.backend(), batch, sizes[k], scale, random);
            }
        }
        return states;
    }

    /** Multiplies every parameter value by {@code factor}, to push gates towards saturation. */
    public static void scaleParameters(SequenceModel model, double factor) {
        for (Parameter p : model.parameters()) {
            p.value().backend().scale(factor, p.value(), p.value());
        }
    }

    /** Copies the rows of one sample {@code b} out of a time-major {@code (T*B) x F} sequence. */
    public static Tensor sampleOf(Tensor sequence, int batch, int b) {
        int steps = sequence.rows() / batch;
        Tensor out = sequence.backend().zeros(steps, sequence.cols());
        for (int t = 0; t < steps; t++) {
            sequence.backend().copyRows(sequence, t * batch + b, out, t, 1);
        }
        return out;
    }

    /** Copies rows {@code from .. from+count-1} of {@code t} into a new tensor. */
    public static Tensor rows(Tensor t, int from, int count) {
        Tensor out = t.backend().zeros(count, t.cols());
        t.backend().copyRows(t, from, out, 0, count);
        return out;
    }
}
