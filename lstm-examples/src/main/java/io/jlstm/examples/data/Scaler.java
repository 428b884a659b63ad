package io.jlstm.examples.data;

import java.util.Locale;

/**
 * An affine scaling {@code z = (x - offset) / scale}, fitted on the training part of a series only
 * so that nothing of the hold-out leaks into training.
 *
 * @param kind {@code standard}, {@code minmax} or {@code none}
 * @param offset value subtracted
 * @param scale value divided by, positive
 */
public record Scaler(String kind, double offset, double scale) {

    /** Checks that the scale is positive and both numbers are finite. */
    public Scaler {
        if (!(scale > 0.0) || !Double.isFinite(scale) || !Double.isFinite(offset)) {
            throw new IllegalArgumentException("scaler needs a finite offset and a positive finite scale, but has"
                    + " offset " + offset + " and scale " + scale);
        }
    }

    /**
     * Fits a scaler of {@code kind} to the finite values of {@code x[from .. to-1]}: standard uses
     * the mean and the population standard deviation, minmax maps the range to {@code [-1, 1]}. A
     * constant part gets scale 1.
     *
     * @throws IllegalArgumentException if the kind is unknown or the part has no finite value
     */
    public static Scaler fit(String kind, double[] x, int from, int to) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("none")) {
            return new Scaler("none", 0.0, 1.0);
        }
        double sum = 0.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (int t = from; t < to; t++) {
            if (Double.isFinite(x[t])) {
                sum += x[t];
                min = Math.min(min, x[t]);
                max = Math.max(max, x[t]);
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no finite value to fit the scaler on");
        }
        switch (k) {
            case "standard": {
                double mean = sum / count;
                double squares = 0.0;
                for (int t = from; t < to; t++) {
                    if (Double.isFinite(x[t])) {
                        squares += (x[t] - mean) * (x[t] - mean);
                    }
                }
                double std = Math.sqrt(squares / count);
                return new Scaler("standard", mean, std > 0.0 ? std : 1.0);
            }
            case "minmax": {
                double half = (max - min) / 2.0;
                return new Scaler("minmax", (max + min) / 2.0, half > 0.0 ? half : 1.0);
            }
            default:
                throw new IllegalArgumentException("unknown scaler '" + kind + "'; expected standard, minmax or none");
        }
    }

    /** Scales one value. */
    public double apply(double x) {
        return (x - offset) / scale;
    }

    /** Undoes {@link #apply}. */
    public double invert(double z) {
        return z * scale + offset;
    }
}
