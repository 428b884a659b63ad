package io.jlstm.training.data;

import java.util.Arrays;

/**
 * A {@link SequenceDataset} of variable-length sequences held in memory as {@code [n][t][feature]}
 * arrays, right-padded with zeros to the longest one. Sample {@code n}'s target has as many steps
 * as its input.
 */
public final class PaddedSequenceDataset implements SequenceDataset {

    private final double[][][] inputs;
    private final double[][][] targets;
    private final int steps;
    private final int inputSize;
    private final int targetSize;

    /**
     * Wraps the arrays without copying them.
     *
     * @throws IllegalArgumentException if there are no sequences, a sequence has no steps (naming
     *     it), an input and its target differ in length, or a step has the wrong number of values
     */
    public PaddedSequenceDataset(double[][][] inputs, double[][][] targets) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one sequence");
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(inputs.length + " input sequences but " + targets.length
                    + " target sequences");
        }
        int longest = 0;
        for (int n = 0; n < inputs.length; n++) {
            if (inputs[n].length == 0) {
                throw new IllegalArgumentException("input sequence " + n + " has no steps; every sequence needs at"
                        + " least one valid step");
            }
            if (targets[n].length != inputs[n].length) {
                throw new IllegalArgumentException("target sequence " + n + " has " + targets[n].length
                        + " steps, but its input has " + inputs[n].length);
            }
            longest = Math.max(longest, inputs[n].length);
        }
        this.steps = longest;
        this.inputSize = inputs[0][0].length;
        this.targetSize = targets[0][0].length;
        for (int n = 0; n < inputs.length; n++) {
            checkWidths(inputs[n], n, "input", inputSize);
            checkWidths(targets[n], n, "target", targetSize);
        }
        this.inputs = inputs;
        this.targets = targets;
    }

    private static void checkWidths(double[][] sequence, int n, String what, int width) {
        for (int t = 0; t < sequence.length; t++) {
            if (sequence[t].length != width) {
                throw new IllegalArgumentException(what + " sequence " + n + ", step " + t + " has "
                        + sequence[t].length + " values, expected " + width);
            }
        }
    }

    @Override
    public int size() {
        return inputs.length;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int length(int index) {
        return inputs[index].length;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int targetSize() {
        return targetSize;
    }

    @Override
    public void sample(int index, double[] input, double[] target) {
        Arrays.fill(input, 0.0);
        Arrays.fill(target, 0.0);
        for (int t = 0; t < inputs[index].length; t++) {
            System.arraycopy(inputs[index][t], 0, input, t * inputSize, inputSize);
            System.arraycopy(targets[index][t], 0, target, t * targetSize, targetSize);
        }
    }
}
