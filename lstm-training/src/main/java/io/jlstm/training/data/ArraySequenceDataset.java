package io.jlstm.training.data;

/** A {@link SequenceDataset} held in memory as {@code [n][t][feature]} arrays. */
public final class ArraySequenceDataset implements SequenceDataset {

    private final double[][][] inputs;
    private final double[][][] targets;
    private final int steps;
    private final int inputSize;
    private final int targetSize;

    /**
     * Wraps the arrays without copying them.
     *
     * @throws IllegalArgumentException if the arrays are empty or ragged, naming the first
     *     offending sample and step
     */
    public ArraySequenceDataset(double[][][] inputs, double[][][] targets) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one sequence");
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(inputs.length + " input sequences but " + targets.length
                    + " target sequences");
        }
        this.steps = inputs[0].length;
        if (steps == 0) {
            throw new IllegalArgumentException("sequences need at least one time step");
        }
        this.inputSize = inputs[0][0].length;
        this.targetSize = targets[0][0].length;
        for (int n = 0; n < inputs.length; n++) {
            check(inputs[n], n, "input", inputSize);
            check(targets[n], n, "target", targetSize);
        }
        this.inputs = inputs;
        this.targets = targets;
    }

    private void check(double[][] sequence, int n, String what, int width) {
        if (sequence.length != steps) {
            throw new IllegalArgumentException(what + " sequence " + n + " has " + sequence.length + " steps, expected "
                    + steps);
        }
        for (int t = 0; t < steps; t++) {
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
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int targetSize() {
        return targetSize;
    }

    @Override
    public void sample(int index, double[] input, double[] target) {
        for (int t = 0; t < steps; t++) {
            System.arraycopy(inputs[index][t], 0, input, t * inputSize, inputSize);
            System.arraycopy(targets[index][t], 0, target, t * targetSize, targetSize);
        }
    }
}
