package io.jlstm.examples.forecast;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.examples.data.DataException;
import io.jlstm.training.Plural;
import java.nio.file.Path;

/**
 * Hold-out scores of a forecaster next to two baselines, all one step ahead from the true history
 * and over the same points: persistence predicts the previous value, seasonal-naive the value one
 * season earlier.
 *
 * @param actual the whole series
 * @param predicted the model's one-step-ahead predictions; NaN before the hold-out
 * @param from first hold-out index
 * @param points hold-out points scored: those where the actual value, the model's prediction and
 *     both baselines exist
 */
public record HoldoutReport(double[] actual, double[] predicted, int from, int points, Score model,
        Score persistence, Score seasonalNaive, int season) {

    /**
     * Evaluates {@code forecaster} on the last {@code holdout} values of {@code series}.
     *
     * @throws DataException if no hold-out point can be scored, naming the file
     */
    public static HoldoutReport evaluate(Forecaster forecaster, double[] series, int holdout, Path file) {
        int n = series.length;
        if (holdout < 1 || holdout >= n) {
            throw new DataException(file + ": the model's hold-out of " + Plural.count(holdout, "value")
                    + " does not fit the " + Plural.count(n, "value") + " of the series; it must be at least 1 and"
                    + " below the series length");
        }
        int from = n - holdout;
        int season = forecaster.preprocessing().season();
        double[] predicted = forecaster.oneStepAhead(series, from);
        double[] persistence = new double[n];
        double[] seasonalNaive = new double[n];
        boolean[] include = new boolean[n];
        int points = 0;
        for (int t = from; t < n; t++) {
            persistence[t] = t >= 1 ? series[t - 1] : Double.NaN;
            seasonalNaive[t] = t >= season ? series[t - season] : Double.NaN;
            include[t] = Double.isFinite(series[t]) && Double.isFinite(predicted[t])
                    && Double.isFinite(persistence[t]) && Double.isFinite(seasonalNaive[t]);
            points += include[t] ? 1 : 0;
        }
        if (points == 0) {
            throw new DataException(file + ": none of the last " + Plural.count(holdout, "value") + " can be scored"
                    + " (each needs its own value, the " + Plural.count(forecaster.minimumHistory(), "value")
                    + " before it and the value one season earlier, none missing); use a longer series or a shorter"
                    + " data.window");
        }
        return new HoldoutReport(series, predicted, from, points, Score.of(series, predicted, include),
                Score.of(series, persistence, include), Score.of(series, seasonalNaive, include), season);
    }

    /** Writes the scores as JSON into {@code node}. */
    public void writeTo(ObjectNode node) {
        node.put("holdout_values", actual.length - from);
        node.put("points_scored", points);
        node.put("method", "one step ahead from the true history");
        put(node.putObject("model"), model);
        put(node.putObject("persistence"), persistence);
        put(node.putObject("seasonal_naive"), seasonalNaive);
    }

    private static void put(ObjectNode node, Score score) {
        node.put("rmse", score.rmse());
        node.put("mae", score.mae());
    }
}
