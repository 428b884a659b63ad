package io.jlstm.examples.forecast;

import io.jlstm.training.data.ArraySequenceDataset;
import io.jlstm.training.data.SequenceDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a scaled, transformed series into next-value sequences: the input is {@code z[s .. s+W-1]}
 * and the target {@code z[s+1 .. s+W]}, so the model learns to predict the next value at every
 * step. Windows with a missing ({@code NaN}) value are skipped.
 */
public final class Windows {

    private Windows() {
    }

    /**
     * Returns every window (stride 1) whose targets all lie in {@code z[0 .. end-1]}, or {@code null} when
     * there is none.
     */
    public static SequenceDataset before(double[] z, int end, int window) {
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; s + window < end; s++) {
            starts.add(s);
        }
        return build(z, starts, window);
    }

    /**
     * Returns one window per index {@code t} in {@code [from, z.length)}, ending with target {@code z[t]},
     * or {@code null} when there is none.
     */
    public static SequenceDataset endingIn(double[] z, int from, int window) {
        List<Integer> starts = new ArrayList<>();
        for (int t = Math.max(from, window); t < z.length; t++) {
            starts.add(t - window);
        }
        return build(z, starts, window);
    }

    private static SequenceDataset build(double[] z, List<Integer> starts, int window) {
        List<double[][]> inputs = new ArrayList<>();
        List<double[][]> targets = new ArrayList<>();
        for (int s : starts) {
            if (!allFinite(z, s, s + window + 1)) {
                continue;
            }
            double[][] x = new double[window][1];
            double[][] y = new double[window][1];
            for (int k = 0; k < window; k++) {
                x[k][0] = z[s + k];
                y[k][0] = z[s + k + 1];
            }
            inputs.add(x);
            targets.add(y);
        }
        if (inputs.isEmpty()) {
            return null;
        }
        return new ArraySequenceDataset(inputs.toArray(new double[0][][]), targets.toArray(new double[0][][]));
    }

    private static boolean allFinite(double[] z, int from, int to) {
        for (int t = from; t < to; t++) {
            if (!Double.isFinite(z[t])) {
                return false;
            }
        }
        return true;
    }
}
