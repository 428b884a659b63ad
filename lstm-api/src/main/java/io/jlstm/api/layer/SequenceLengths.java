package io.jlstm.api.layer;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Per-sample lengths of a right-padded, time-major batch: sample {@code b} has valid steps
 * {@code 0 .. length(b)-1}, and rows {@code t*B + b} for {@code t >= length(b)} are padding.
 *
 * <p>Layers given lengths leave padding out of every result: a padded step carries the state
 * unchanged, its output is zero, and it adds nothing to any gradient. Immutable.
 */
public final class SequenceLengths {

    private final int steps;
    private final int[] lengths;
    private final int validRows;

    private SequenceLengths(int steps, int[] lengths, int validRows) {
        this.steps = steps;
        this.lengths = lengths;
        this.validRows = validRows;
    }

    /**
     * Lengths of a batch padded to {@code steps} time steps, one entry per sample.
     *
     * @throws IllegalArgumentException if {@code lengths} is empty, or a length is 0 (an
     *     all-padding sample, named by its index), negative or above {@code steps}
     */
    public static SequenceLengths of(int steps, int... lengths) {
        Shapes.requirePositive("padded sequence steps", steps);
        if (lengths.length == 0) {
            throw new IllegalArgumentException("sequence lengths need at least one sample");
        }
        int valid = 0;
        for (int b = 0; b < lengths.length; b++) {
            int length = lengths[b];
            if (length == 0) {
                throw new IllegalArgumentException("sample " + b + " of the batch has length 0, so it is all"
                        + " padding; drop it from the batch or give it at least one valid step");
            }
            if (length < 0 || length > steps) {
                throw new IllegalArgumentException("sample " + b + " of the batch has length " + length
                        + ", but lengths must be in 1.." + steps + " (the padded number of steps)");
            }
            valid += length;
        }
        return new SequenceLengths(steps, lengths.clone(), valid);
    }

    /** Lengths of a batch where every sample has all {@code steps} steps. */
    public static SequenceLengths full(int batch, int steps) {
        int[] lengths = new int[Shapes.requirePositive("batch", batch)];
        Arrays.fill(lengths, Shapes.requirePositive("steps", steps));
        return new SequenceLengths(steps, lengths, batch * steps);
    }

    /** Batch size {@code B}. */
    public int batch() {
        return lengths.length;
    }

    /** Padded number of steps {@code T}. */
    public int steps() {
        return steps;
    }

    /** Valid steps of sample {@code b}. */
    public int length(int b) {
        return lengths[b];
    }

    /** The last valid step of sample {@code b}, {@code length(b) - 1}. */
    public int lastStep(int b) {
        return lengths[b] - 1;
    }

    /** Whether step {@code t} of sample {@code b} is a valid (not padded) step. */
    public boolean isValid(int t, int b) {
        return t < lengths[b];
    }

    /** Whether no sample is padded. */
    public boolean isFull() {
        return validRows == steps * lengths.length;
    }

    /** Number of valid rows over the whole batch, the sum of the lengths. */
    public int validRows() {
        return validRows;
    }

    /** A copy of the lengths. */
    public int[] toArray() {
        return lengths.clone();
    }

    /**
     * Checks that these lengths describe a batch of {@code batch} samples and {@code steps} steps.
     *
     * @throws IllegalArgumentException naming both shapes if they differ
     */
    public void requireShape(int batch, int steps) {
        if (batch != lengths.length || steps != this.steps) {
            throw new IllegalArgumentException("sequence lengths describe " + lengths.length + " samples of up to "
                    + this.steps + " steps, but the batch has " + batch + " samples of " + steps + " steps");
        }
    }

    /**
     * Copies the valid rows of a time-major {@code (T*B) x F} tensor into a new
     * {@code validRows() x F} tensor, in row order.
     */
    public Tensor gatherValid(Tensor sequence) {
        Shapes.requireShape("padded sequence", sequence, steps * lengths.length, sequence.cols());
        Backend backend = sequence.backend();
        Tensor compact = backend.zeros(validRows, sequence.cols());
        int next = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < lengths.length; b++) {
                if (t < lengths[b]) {
                    backend.copyRows(sequence, t * lengths.length + b, compact, next++, 1);
                }
            }
        }
        return compact;
    }

    /**
     * Writes the rows of {@code compact} (as {@link #gatherValid} returns them) back to their
     * places in {@code sequence} and sets the padded rows of {@code sequence} to zero.
     */
    public void scatterValid(Tensor compact, Tensor sequence) {
        Shapes.requireShape("compact rows", compact, validRows, sequence.cols());
        Shapes.requireShape("padded sequence", sequence, steps * lengths.length, compact.cols());
        Backend backend = sequence.backend();
        backend.fill(sequence, 0.0);
        int next = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < lengths.length; b++) {
                if (t < lengths[b]) {
                    backend.copyRows(compact, next++, sequence, t * lengths.length + b, 1);
                }
            }
        }
    }

    /** Copies the row of each sample's last valid step out of a {@code (T*B) x F} sequence into a {@code B x F} tensor. */
    public Tensor gatherLast(Tensor sequence) {
        Shapes.requireShape("padded sequence", sequence, steps * lengths.length, sequence.cols());
        Tensor last = sequence.backend().zeros(lengths.length, sequence.cols());
        for (int b = 0; b < lengths.length; b++) {
            sequence.backend().copyRows(sequence, lastStep(b) * lengths.length + b, last, b, 1);
        }
        return last;
    }

    /** Zeroes {@code sequence} and writes row {@code b} of {@code last} to sample {@code b}'s last valid step. */
    public void scatterLast(Tensor last, Tensor sequence) {
        Shapes.requireShape("last-step rows", last, lengths.length, sequence.cols());
        Shapes.requireShape("padded sequence", sequence, steps * lengths.length, last.cols());
        sequence.backend().fill(sequence, 0.0);
        for (int b = 0; b < lengths.length; b++) {
            sequence.backend().copyRows(last, b, sequence, lastStep(b) * lengths.length + b, 1);
        }
    }

    /**
     * Returns a copy of a {@code (T*B) x F} sequence with each sample's valid steps in reverse
     * order: row {@code t*B + b} of the result is row {@code (length(b)-1-t)*B + b} of the input
     * for valid {@code t}, and zero for padding.
     */
    public Tensor reverseValid(Tensor sequence) {
        Shapes.requireShape("padded sequence", sequence, steps * lengths.length, sequence.cols());
        Tensor reversed = sequence.backend().zeros(sequence.rows(), sequence.cols());
        int batch = lengths.length;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                sequence.backend().copyRows(sequence, t * batch + b, reversed, (lengths[b] - 1 - t) * batch + b, 1);
            }
        }
        return reversed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceLengths other && steps == other.steps && Arrays.equals(lengths, other.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * steps + Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return "lengths " + Arrays.toString(lengths) + " of " + steps + " steps";
    }
}
