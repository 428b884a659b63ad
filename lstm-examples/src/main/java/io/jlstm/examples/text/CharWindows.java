package io.jlstm.examples.text;

import io.jlstm.training.Plural;
import io.jlstm.training.data.SequenceDataset;
import java.util.Arrays;

/**
 * Windows of {@code T} characters over an encoded text, for next-character prediction: window
 * {@code n} starting at position {@code s} has the one-hot inputs of characters {@code s .. s+T-1}
 * ({@code T x V}) and the class indices of characters {@code s+1 .. s+T} as targets
 * ({@code T x 1}, as {@link io.jlstm.api.loss.SoftmaxCrossEntropyLoss} expects).
 *
 * <p>Windows start every {@code stride} characters from position 0, and a window needs all of its
 * {@code T + 1} characters, so a last partial window is left out. Windows that touch a character
 * outside the vocabulary (index -1) are skipped and counted. Only the start positions are stored;
 * {@link #sample} builds the one-hot rows of a window when the trainer requests it.
 */
public final class CharWindows implements SequenceDataset {

    private final int[] codes;
    private final int vocabularySize;
    private final int steps;
    private final int[] starts;
    private final int skipped;

    /**
     * Indexes the windows of {@code codes}; the array is kept, not copied.
     *
     * @param codes class indices in {@code 0 .. vocabularySize-1}, or -1 for an unknown character
     * @param steps characters per window {@code T}
     * @param stride distance between window starts; {@code steps} tiles the text without overlap
     * @throws IllegalArgumentException if a size is not positive, an index is out of range, or no
     *     complete window without unknown characters fits
     */
    public CharWindows(int[] codes, int vocabularySize, int steps, int stride) {
        if (vocabularySize < 1 || steps < 1 || stride < 1) {
            throw new IllegalArgumentException("vocabulary size, steps and stride must be positive, but are "
                    + vocabularySize + ", " + steps + " and " + stride);
        }
        int[] unknownBefore = new int[codes.length + 1];
        for (int k = 0; k < codes.length; k++) {
            if (codes[k] < -1 || codes[k] >= vocabularySize) {
                throw new IllegalArgumentException("character index " + codes[k] + " at position " + k
                        + " is outside 0.." + (vocabularySize - 1) + " (or -1 for unknown)");
            }
            unknownBefore[k + 1] = unknownBefore[k] + (codes[k] < 0 ? 1 : 0);
        }

        int candidates = codes.length > steps ? (codes.length - steps - 1) / stride + 1 : 0;
        int[] kept = new int[candidates];
        int count = 0;
        for (int n = 0; n < candidates; n++) {
            int s = n * stride;
            if (unknownBefore[s + steps + 1] == unknownBefore[s]) {
                kept[count++] = s;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no complete window of " + Plural.count(steps + 1, "known character")
                    + " in a text of " + Plural.count(codes.length, "character") + " ("
                    + Plural.count(candidates - count, "window touches", "windows touch") + " unknown characters)");
        }
        this.codes = codes;
        this.vocabularySize = vocabularySize;
        this.steps = steps;
        this.starts = Arrays.copyOf(kept, count);
        this.skipped = candidates - count;
    }

    @Override
    public int size() {
        return starts.length;
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public int inputSize() {
        return vocabularySize;
    }

    @Override
    public int targetSize() {
        return 1;
    }

    /** Number of windows left out because they touch a character outside the vocabulary. */
    public int skipped() {
        return skipped;
    }

    /** Text position of the first input character of window {@code index}. */
    public int start(int index) {
        return starts[index];
    }

    /** The class index at text position {@code position}, or -1 for an unknown character. */
    public int code(int position) {
        return codes[position];
    }

    /** Number of characters predicted over all windows: {@code size() * steps()}. */
    public long predictedCharacters() {
        return (long) starts.length * steps;
    }

    /**
     * Writes window {@code index}: {@code input} gets {@code T x V} one-hot rows and {@code target}
     * {@code T} class indices.
     */
    @Override
    public void sample(int index, double[] input, double[] target) {
        int s = starts[index];
        Arrays.fill(input, 0, steps * vocabularySize, 0.0);
        for (int t = 0; t < steps; t++) {
            input[t * vocabularySize + codes[s + t]] = 1.0;
            target[t] = codes[s + t + 1];
        }
    }
}
