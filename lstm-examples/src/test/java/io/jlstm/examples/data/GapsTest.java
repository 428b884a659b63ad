package io.jlstm.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GapsTest {

    private static CsvSeries series(double... values) {
        int[] lines = new int[values.length];
        for (int k = 0; k < lines.length; k++) {
            lines[k] = k + 2;
        }
        return new CsvSeries(Path.of("s.csv"), "v", values, lines);
    }

    @Test
    void interpolatesLinearlyAcrossGaps() {
        CsvSeries s = series(1.0, Double.NaN, Double.NaN, 4.0, Double.NaN, 8.0);

        int filled = Gaps.interpolate(s);

        assertThat(filled).isEqualTo(3);
        assertThat(s.values()).containsExactly(1.0, 2.0, 3.0, 4.0, 6.0, 8.0);
    }

    @Test
    void leadingGapRejectedWithLine() {
        CsvSeries s = series(Double.NaN, 1.0);

        assertThatThrownBy(() -> Gaps.interpolate(s))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("start of the series")
                .hasMessageContaining("drop-windows");
    }

    @Test
    void trailingGapRejectedWithLine() {
        CsvSeries s = series(1.0, 2.0, Double.NaN);

        assertThatThrownBy(() -> Gaps.interpolate(s)).hasMessageContaining("line 4").hasMessageContaining("end");
    }
}
