package io.jlstm.examples.data;

import java.nio.file.Path;

/**
 * One numeric column of a CSV file, in file order.
 *
 * @param file the file read
 * @param column header name of the column
 * @param values one value per data row; {@code NaN} marks a missing value
 * @param lines line number (from 1) of each value in the file
 */
public record CsvSeries(Path file, String column, double[] values, int[] lines) {

    /** Number of values. */
    public int size() {
        return values.length;
    }

    /** Number of missing ({@code NaN}) values. */
    public int missingCount() {
        int count = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                count++;
            }
        }
        return count;
    }
}
