package io.jlstm.examples.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScalerTest {

    @Test
    void standardFitsOnlyTheGivenRange() {
        double[] x = {Double.NaN, 1, 3, 1000};

        Scaler s = Scaler.fit("standard", x, 0, 3);

        assertThat(s.offset()).isEqualTo(2.0);
        assertThat(s.scale()).isEqualTo(1.0);
        assertThat(s.invert(s.apply(7.5))).isCloseTo(7.5, within(1e-12));
    }

    @Test
    void minmaxMapsRangeToPlusMinusOne() {
        Scaler s = Scaler.fit("minmax", new double[] {2, 6, 4}, 0, 3);

        assertThat(s.apply(2)).isEqualTo(-1.0);
        assertThat(s.apply(6)).isEqualTo(1.0);
    }

    @Test
    void constantPartGetsUnitScale() {
        assertThat(Scaler.fit("standard", new double[] {5, 5}, 0, 2).scale()).isEqualTo(1.0);
    }
}
