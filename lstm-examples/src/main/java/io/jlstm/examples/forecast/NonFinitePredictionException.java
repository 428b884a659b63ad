package io.jlstm.examples.forecast;

/**
 * A prediction that is NaN or infinite although the values it was computed from are finite, for
 * example a forecast whose fed-back values grew beyond the range of a double.
 */
public final class NonFinitePredictionException extends ArithmeticException {

    private final int index;
    private final double value;

    /** Creates the exception for the prediction at {@code index}, which came out as {@code value}. */
    public NonFinitePredictionException(String message, int index, double value) {
        super(message);
        this.index = index;
        this.value = value;
    }

    /** Index of the prediction: in the series for a forecast, the flat index for a tensor. */
    public int index() {
        return index;
    }

    /** Returns the prediction, which is NaN or an infinity. */
    public double value() {
        return value;
    }
}
