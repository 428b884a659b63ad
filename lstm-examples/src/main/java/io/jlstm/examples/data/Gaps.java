package io.jlstm.examples.data;

/** Fills missing ({@code NaN}) values of a series. */
public final class Gaps {

    private Gaps() {
    }

    /**
     * Replaces every missing value, in place, by linear interpolation between the nearest known
     * values before and after it.
     *
     * @return number of values filled
     * @throws DataException if the first or last value is missing, because there is nothing to
     *     interpolate from on one side
     */
    public static int interpolate(CsvSeries series) {
        double[] v = series.values();
        int filled = 0;
        int k = 0;
        while (k < v.length) {
            if (!Double.isNaN(v[k])) {
                k++;
                continue;
            }
            int start = k;
            while (k < v.length && Double.isNaN(v[k])) {
                k++;
            }
            if (start == 0 || k == v.length) {
                int line = series.lines()[start == 0 ? 0 : v.length - 1];
                throw DataException.at(series.file(), line, "the value of column '" + series.column() + "' at the "
                        + (start == 0 ? "start" : "end") + " of the series is missing and cannot be interpolated;"
                        + " remove the row or set data.missing-policy = drop-windows");
            }
            double before = v[start - 1];
            double after = v[k];
            int span = k - start + 1;
            for (int i = start; i < k; i++) {
                v[i] = before + (after - before) * (i - start + 1) / span;
                filled++;
            }
        }
        return filled;
    }
}
