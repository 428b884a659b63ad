package io.jlstm.api.tensor.array;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ArrayLstmKernelsProperties {

    @Provide
    Arbitrary<Double> arguments() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-0.02, 0.02).ofScale(20),
                Arbitraries.doubles().between(-1.0, 1.0).ofScale(18),
                Arbitraries.doubles().between(-40.0, 40.0).ofScale(16),
                Arbitraries.doubles().between(-1.0, 1.0).ofScale(18).map(x -> x * 1e-300),
                Arbitraries.of(0.01, -0.01, Math.nextDown(0.01), Math.nextUp(0.01), 19.0, 400.0, -800.0));
    }

    @Property(tries = 20000)
    void tanhWithin1e13OfMathTanh(@ForAll("arguments") double x) {
        double expected = Math.tanh(x);
        double actual = ArrayLstmKernels.tanh(x);

        assertThat(Math.abs(actual - expected)).as("tanh(%s): %s vs %s", x, actual, expected)
                .isLessThanOrEqualTo(1e-13 * Math.abs(expected));
    }

    @Example
    void tanhKeepsSpecialValues() {
        assertThat(ArrayLstmKernels.tanh(0.0)).isEqualTo(0.0);
        assertThat(1 / ArrayLstmKernels.tanh(-0.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ArrayLstmKernels.tanh(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(ArrayLstmKernels.tanh(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(ArrayLstmKernels.tanh(Double.NaN)).isNaN();
    }

    @Example
    void tanhWorstCaseOnDenseGrid() {
        double worst = 0.0;
        for (int i = -2_000_000; i <= 2_000_000; i++) {
            double x = i * 1e-5;
            double expected = Math.tanh(x);
            if (expected != 0.0) {
                worst = Math.max(worst, Math.abs(ArrayLstmKernels.tanh(x) - expected) / Math.abs(expected));
            }
        }

        assertThat(worst).isLessThanOrEqualTo(1e-13);
    }
}
