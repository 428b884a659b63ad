package io.jlstm.training.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {

    private final Backend backend = new ScalarBackend();

    private static List<Supplier<Optimizer>> optimizers() {
        return List.of(() -> new Sgd(0.1, 0.9, 0.1, false, 0.01), () -> new Sgd(0.1, 0.9, 0.0, true, 0.0),
                () -> new Adam(0.01, 0.9, 0.999, 1e-8, 0.01, false), () -> new Adam(0.01, 0.8, 0.99, 1e-8, 0.1, true),
                () -> new RmsProp(0.01, 0.9, 1e-8, 0.0, 0.5, true), () -> new AdaGrad(0.1, 0.01, 1e-10, 0.0, 0.1));
    }

    @Test
    void exportedStateContinuesBitForBit() {
        for (Supplier<Optimizer> factory : optimizers()) {
            ParameterSet straight = parameters();
            Optimizer a = factory.get();
            for (int step = 0; step < 5; step++) {
                step(a, straight, step);
            }

            ParameterSet interrupted = parameters();
            Optimizer b = factory.get();
            for (int step = 0; step < 2; step++) {
                step(b, interrupted, step);
            }
            Optimizer c = factory.get();
            c.loadState(b.state());
            for (int step = 2; step < 5; step++) {
                step(c, interrupted, step);
            }

            for (String name : straight.names()) {
                assertThat(interrupted.get(name).value().toArray()).as("%s of %s", name, a.name())
                        .containsExactly(straight.get(name).value().toArray());
            }
            assertThat(c.state().steps()).isEqualTo(5);
        }
    }

    @Test
    void stateIsACopy() {
        ParameterSet set = parameters();
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0.0, false);
        step(adam, set, 0);
        OptimizerState state = adam.state();
        double before = state.buffers().get("w").get(Adam.EXP_AVG)[0];

        step(adam, set, 1);

        assertThat(state.buffers().get("w").get(Adam.EXP_AVG)[0]).isEqualTo(before);
    }

    @Test
    void stateOfAnotherOptimizerIsRejected() {
        Optimizer sgd = new Sgd(0.1, 0.9, 0.0, false, 0.0);
        step(sgd, parameters(), 0);

        assertThatThrownBy(() -> new Adam(0.01, 0.9, 0.999, 1e-8, 0.0, false).loadState(sgd.state()))
                .hasMessageContaining("'sgd'").hasMessageContaining("'adam'").hasMessageContaining("optimizer.name");
    }

    @Test
    void unknownBufferIsRejected() {
        OptimizerState state = new OptimizerState("adam", 1, 0.01, Map.of("w", Map.of("velocity", new double[4])));

        assertThatThrownBy(() -> new Adam(0.01, 0.9, 0.999, 1e-8, 0.0, false).loadState(state))
                .hasMessageContaining("velocity").hasMessageContaining("exp_avg");
    }

    @Test
    void bufferOfWrongLengthIsRejectedAtTheNextStep() {
        OptimizerState state = new OptimizerState("adam", 1, 0.01, Map.of("w", Map.of(Adam.EXP_AVG, new double[3])));
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8, 0.0, false);
        adam.loadState(state);

        assertThatThrownBy(() -> step(adam, parameters(), 0)).hasMessageContaining("exp_avg")
                .hasMessageContaining("3 elements").hasMessageContaining("4");
    }

    @Test
    void negativeStepCountIsRejected() {
        OptimizerState state = new OptimizerState("sgd", -1, 0.01, Map.of());

        assertThatThrownBy(() -> new Sgd(0.1).loadState(state)).hasMessageContaining("-1");
    }

    @Test
    void invalidHyperParametersAreRejected() {
        assertThatThrownBy(() -> new Sgd(0.1, 0.0, 0.0, true, 0.0)).hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> new Sgd(0.1, 0.9, 0.5, true, 0.0)).hasMessageContaining("dampening is 0.5");
        assertThatThrownBy(() -> new Sgd(0.1, -0.1, 0.0, false, 0.0)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new Sgd(0.1, 0.0, 0.0, false, -1.0)).hasMessageContaining("weight decay");
        assertThatThrownBy(() -> new Adam(0.01, 1.0, 0.999, 1e-8, 0.0, false)).hasMessageContaining("beta1");
        assertThatThrownBy(() -> new Adam(0.01, 0.9, -0.1, 1e-8, 0.0, false)).hasMessageContaining("beta2");
        assertThatThrownBy(() -> new Adam(0.01, 0.9, 0.999, Double.NaN, 0.0, false)).hasMessageContaining("eps");
        assertThatThrownBy(() -> new RmsProp(0.01, 1.5, 1e-8, 0.0, 0.0, false)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new AdaGrad(0.1, -1.0, 1e-10, 0.0, 0.0)).hasMessageContaining("lr decay");
        assertThatThrownBy(() -> new AdaGrad(-0.1, 0.0, 1e-10, 0.0, 0.0)).hasMessageContaining("learning rate");
    }

    private ParameterSet parameters() {
        Parameter w = new Parameter("w", backend.fromArray(2, 2, new double[] {0.5, -1.0, 0.25, 2.0}), false);
        return new ParameterSet().add("", w);
    }

    /** Sets a gradient that depends on the step and the current value, then steps. */
    private static void step(Optimizer optimizer, ParameterSet set, int step) {
        for (Parameter p : set) {
            double[] v = p.value().toArray();
            double[] g = new double[v.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = Math.sin(v[i] * (step + 1)) + 0.1 * i - 0.05 * step;
            }
            p.gradient().copyFrom(g);
        }
        optimizer.step(set);
    }
}
