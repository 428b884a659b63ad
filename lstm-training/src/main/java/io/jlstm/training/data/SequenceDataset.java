package io.jlstm.training.data;

/**
 * A finite set of training sequences, right-padded to a common number of steps. Sample {@code n} is an input of {@code steps()}
 * rows of {@code inputSize()} features and a target of {@code steps()} rows of
 * {@code targetSize()} values (regression targets, or one class index per step for
 * classification).
 */
public interface SequenceDataset {

    /** Number of sequences. */
    int size();

    /** Time steps per sequence, including padding. */
    int steps();

    /**
     * Valid (unpadded) steps of sample {@code index}, in {@code 1..steps()}; the default is
     * {@code steps()}, for datasets without padding.
     */
    default int length(int index) {
        return steps();
    }

    /** Input features per step. */
    int inputSize();

    /** Target values per step: the output size for regression, 1 for class indices. */
    int targetSize();

    /**
     * Writes sample {@code index} into the given arrays, row-major by step; the values at padded
     * steps are ignored by training.
     *
     * @param input {@code steps() * inputSize()} values
     * @param target {@code steps() * targetSize()} values
     */
    void sample(int index, double[] input, double[] target);
}
