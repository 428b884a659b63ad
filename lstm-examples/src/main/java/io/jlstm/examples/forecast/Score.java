package io.jlstm.examples.forecast;

/**
 * Errors of a forecast in the series' own units.
 *
 * @param rmse root mean squared error
 * @param mae mean absolute error
 */
public record Score(double rmse, double mae) {

    /**
     * Scores {@code predicted} against {@code actual} over the indices where {@code include} is true.
     *
     * @throws IllegalArgumentException if no index is included
     */
    public static Score of(double[] actual, double[] predicted, boolean[] include) {
        double squares = 0.0;
        double absolute = 0.0;
        int count = 0;
        for (int t = 0; t < actual.length; t++) {
            if (include[t]) {
                double e = predicted[t] - actual[t];
                squares += e * e;
                absolute += Math.abs(e);
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no point to score");
        }
        return new Score(Math.sqrt(squares / count), absolute / count);
    }
}
