package io.jlstm.examples.forecast;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.Plural;
import java.util.Arrays;

/**
 * A trained sequence model with its preprocessing: predicts the next value of a series in the
 * series' own units from the values before it.
 *
 * <p>Each prediction transforms the history, scales the last {@code window} transformed values,
 * runs the model over them as one sequence (batch 1) and maps the last output back through the
 * scaler and the transform. The result depends only on the history and the weights, so a saved and
 * reloaded forecaster on the same backend returns bit-identical values.
 */
public final class Forecaster {

    private final SequenceModel model;
    private final SeriesPreprocessing preprocessing;

    /** Wraps {@code model}, whose input and output size must be 1, with fitted {@code preprocessing}. */
    public Forecaster(SequenceModel model, SeriesPreprocessing preprocessing) {
        if (model.inputSize() != 1 || model.outputSize() != 1) {
            throw new IllegalArgumentException("a forecaster needs a model with input and output size 1, but has "
                    + model.inputSize() + " and " + model.outputSize());
        }
        if (preprocessing.scaler() == null) {
            throw new IllegalArgumentException("the preprocessing has no fitted scaler");
        }
        this.model = model;
        this.preprocessing = preprocessing;
    }

    /** The model. */
    public SequenceModel model() {
        return model;
    }

    /** The preprocessing. */
    public SeriesPreprocessing preprocessing() {
        return preprocessing;
    }

    /** Values of history a prediction needs: the transform's lag plus the window. */
    public int minimumHistory() {
        return preprocessing.transform().lag() + preprocessing.window();
    }

    /**
     * Predicts {@code series[n]} from {@code series[0 .. n-1]}.
     *
     * @return the prediction, or {@code NaN} when the history is shorter than
     *     {@link #minimumHistory()} or its last window touches a missing value
     * @throws NonFinitePredictionException if the window is complete but the prediction, after the
     *     inverse scaler and transform, is NaN or infinite
     */
    public double predictNext(double[] series, int n) {
        if (n < minimumHistory()) {
            return Double.NaN;
        }
        double[] history = Arrays.copyOf(series, n);
        double[] transformed = preprocessing.transform().apply(history);

        int window = preprocessing.window();
        double[] input = new double[window];
        for (int k = 0; k < window; k++) {
            double v = transformed[n - window + k];
            if (!Double.isFinite(v)) {
                return Double.NaN;
            }
            input[k] = preprocessing.scaler().apply(v);
        }

        Tensor x = model.backend().fromArray(window, 1, input);
        // evaluation mode, so dropout is off; the last row is the last step's prediction for both
        // head placements (many-to-one returns only that row)
        boolean wasTraining = model.isTraining();
        model.eval();
        Tensor predictions;
        try {
            predictions = model.forward(x, 1, null).predictions();
        } finally {
            if (wasTraining) {
                model.train();
            }
        }
        double scaled = predictions.get(predictions.rows() - 1, 0);
        double next = preprocessing.scaler().invert(scaled);
        double value = preprocessing.transform().invertNext(next, history);
        if (!Double.isFinite(value)) {
            throw new NonFinitePredictionException("the prediction of t = " + n + " is " + value + " although its"
                    + " history is finite (model output " + scaled + " in scaled units, transform "
                    + preprocessing.transform().text() + "); the model or the preprocessing in its model.json does not"
                    + " produce finite values for this series", n, value);
        }
        return value;
    }

    /**
     * One-step-ahead predictions from the true history: entry {@code t} predicts
     * {@code series[t]} from {@code series[0 .. t-1]} for {@code t >= from}; earlier entries are NaN.
     */
    public double[] oneStepAhead(double[] series, int from) {
        double[] predictions = new double[series.length];
        Arrays.fill(predictions, Double.NaN);
        for (int t = Math.max(from, 0); t < series.length; t++) {
            predictions[t] = predictNext(series, t);
        }
        return predictions;
    }

    /**
     * Forecasts {@code horizon} values after the end of {@code series}, feeding each prediction back
     * as history for the next.
     *
     * @throws IllegalArgumentException if the series is shorter than {@link #minimumHistory()}
     * @throws NonFinitePredictionException if a forecast step is NaN or infinite. Fed-back values that
     *     grow beyond the range of a double cause it, and the message then names the longest horizon
     *     whose forecasts are all finite. A missing or invalid value in the window before a step does too.
     */
    public double[] forecast(double[] series, int horizon) {
        if (series.length < minimumHistory()) {
            throw new IllegalArgumentException("the series has " + Plural.count(series.length, "value")
                    + ", but a forecast needs at least " + minimumHistory() + " (window " + preprocessing.window()
                    + " plus transform lag " + preprocessing.transform().lag() + ")");
        }
        double[] extended = Arrays.copyOf(series, series.length + horizon);
        for (int h = 0; h < horizon; h++) {
            int n = series.length + h;
            double value;
            try {
                value = predictNext(extended, n);
            } catch (NonFinitePredictionException e) {
                throw new NonFinitePredictionException(step(h, horizon, n) + " is " + e.value() + ": each forecast"
                        + " is fed back as history, and the values grew beyond the range of a double; use a horizon"
                        + " of at most " + h, n, e.value());
            }
            if (Double.isNaN(value)) {
                throw new NonFinitePredictionException(step(h, horizon, n) + " cannot be computed: the "
                        + preprocessing.window() + " values before it, after the transform "
                        + preprocessing.transform().text() + ", include a missing or invalid value; a forecast needs"
                        + " the end of the series without gaps", n, value);
            }
            extended[n] = value;
        }
        return Arrays.copyOfRange(extended, series.length, extended.length);
    }

    private static String step(int h, int horizon, int n) {
        return "forecast step " + (h + 1) + " of " + horizon + " (t = " + n + ")";
    }
}
