package io.jlstm.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import org.junit.jupiter.api.Test;

class SgdTest {

    @Test
    void stepSubtractsLearningRateTimesGradient() {
        Backend backend = new ScalarBackend();
        Parameter w = new Parameter("weight", backend.fromArray(2, 2, new double[] {1.0, -2.0, 0.5, 4.0}), false);
        Parameter b = new Parameter("bias", backend.fromArray(1, 2, new double[] {0.25, 0.0}), true);
        w.gradient().copyFrom(new double[] {0.5, 1.0, -2.0, 0.0});
        b.gradient().copyFrom(new double[] {-1.0, 3.0});
        ParameterSet set = new ParameterSet().add("", w).add("", b);

        new Sgd(0.1).step(set);

        // Expected values written as the float64 expressions p + (-lr) * g, so they match bit for bit.
        assertThat(w.value().toArray()).containsExactly(1.0 + -0.1 * 0.5, -2.0 + -0.1 * 1.0, 0.5 + -0.1 * -2.0, 4.0);
        assertThat(b.value().toArray()).containsExactly(0.25 + -0.1 * -1.0, 0.0 + -0.1 * 3.0);
        assertThat(w.value().toArray()).containsExactly(new double[] {0.95, -2.1, 0.7, 4.0},
                org.assertj.core.data.Offset.offset(1e-15));
        assertThat(w.gradient().toArray()).as("step leaves gradients alone").containsExactly(0.5, 1.0, -2.0, 0.0);
    }

    @Test
    void nonPositiveLearningRateIsRejected() {
        assertThatThrownBy(() -> new Sgd(0.0)).hasMessageContaining("learning rate").hasMessageContaining("0.0");
        assertThatThrownBy(() -> new Sgd(Double.NaN)).hasMessageContaining("NaN");
    }
}
