package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Element-wise comparison of a backend's result with the reference result.
 *
 * <p>Element {@code k} agrees when {@code |actual - expected| <= tolerance * magnitude[k]}, or when
 * both are equal (which covers zeros, infinities and NaN on both sides). For a plain relative
 * check the magnitude is {@code max(|actual|, |expected|)}; for sums it is the sum of the absolute
 * values of the terms, because a sum that cancels to nearly zero keeps the rounding error of its
 * terms, not of its value.
 */
final class Agreement {

    private Agreement() {
    }

    /** Asserts {@code |actual - expected| <= tolerance * max(|actual|, |expected|)} for every element. */
    static void assertRelative(String label, int cols, double[] actual, double[] expected, double tolerance) {
        assertWithin(label, cols, actual, expected, null, tolerance);
    }

    /**
     * Asserts {@code |actual - expected| <= tolerance * max(|actual|, |expected|, magnitude[k])} for
     * every element; {@code magnitude} may be {@code null}.
     */
    static void assertWithin(String label, int cols, double[] actual, double[] expected, double[] magnitude,
            double tolerance) {
        if (actual.length != expected.length) {
            fail("%s: %d elements, but the reference has %d", label, actual.length, expected.length);
        }
        int worst = -1;
        double worstRatio = 0.0;
        for (int k = 0; k < actual.length; k++) {
            double a = actual[k];
            double e = expected[k];
            if (a == e || Double.isNaN(a) && Double.isNaN(e)) {
                continue;
            }
            double scale = Math.max(Math.abs(a), Math.abs(e));
            if (magnitude != null) {
                scale = Math.max(scale, magnitude[k]);
            }
            double ratio = Math.abs(a - e) / (tolerance * scale);
            if (!(ratio <= 1.0) && (worst < 0 || !(ratio <= worstRatio))) {
                worst = k;
                worstRatio = ratio;
            }
        }
        if (worst >= 0) {
            double a = actual[worst];
            double e = expected[worst];
            fail("%s: element (%d, %d) is %s but the reference is %s; the difference %s exceeds %s times the"
                    + " magnitude %s", label, worst / cols, worst % cols, a, e, Math.abs(a - e), tolerance,
                    magnitude == null ? Math.max(Math.abs(a), Math.abs(e))
                            : Math.max(Math.max(Math.abs(a), Math.abs(e)), magnitude[worst]));
        }
    }

    /** Asserts that every element is equal, bit for bit up to the sign of zero. */
    static void assertUnchanged(String label, int cols, double[] actual, double[] expected) {
        for (int k = 0; k < actual.length; k++) {
            if (!(actual[k] == expected[k] || Double.isNaN(actual[k]) && Double.isNaN(expected[k]))) {
                fail("%s: element (%d, %d) changed from %s to %s", label, k / cols, k % cols, expected[k], actual[k]);
            }
        }
    }
}
