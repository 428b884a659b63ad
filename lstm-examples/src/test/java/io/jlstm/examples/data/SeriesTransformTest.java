package io.jlstm.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesTransformTest {

    private static double[] positiveSeries(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 100 + t + 20 * Math.sin(t * Math.PI / 6) + random.nextDouble(5);
        }
        return y;
    }

    @Test
    void invertNextUndoesEveryChain() {
        double[] y = positiveSeries(60, 1);
        for (String text : new String[] {"none", "log", "diff", "seasonal-diff", "log,seasonal-diff",
                "log,diff,seasonal-diff", "seasonal-diff,diff"}) {
            SeriesTransform transform = SeriesTransform.parse(text, 12);
            double[] transformed = transform.apply(y);
            for (int n = transform.lag(); n < y.length; n++) {
                double restored = transform.invertNext(transformed[n], Arrays.copyOf(y, n));
                assertThat(restored).as("%s at %d", text, n).isCloseTo(y[n], within(1e-9));
            }
        }
    }

    @Test
    void lagLeavesLeadingNaN() {
        SeriesTransform transform = SeriesTransform.parse("diff,seasonal-diff", 4);
        double[] transformed = transform.apply(positiveSeries(10, 2));

        assertThat(transform.lag()).isEqualTo(5);
        for (int t = 0; t < 5; t++) {
            assertThat(transformed[t]).isNaN();
        }
        assertThat(transformed[5]).isFinite();
    }

    @Test
    void textRoundTrips() {
        assertThat(SeriesTransform.parse(" log , seasonal-diff ", 12).text()).isEqualTo("log,seasonal-diff");
        assertThat(SeriesTransform.parse("none", 12).text()).isEqualTo("none");
    }

    @Test
    void unknownStepRejected() {
        assertThatThrownBy(() -> SeriesTransform.parse("log,sqrt", 12))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("'sqrt'")
                .hasMessageContaining("log, diff, seasonal-diff");
    }
}
