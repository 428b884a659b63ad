package io.jlstm.training.optim;

import static io.jlstm.training.PyTorchReferences.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.PyTorchReferences;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

class GradientClippingProperties {

    private final Backend backend = new ScalarBackend();

    @Property
    void clippedNormIsAtMostTheLimit(@ForAll("gradients") List<double[]> gradients,
            @ForAll @DoubleRange(min = 1e-3, max = 1e3) @Scale(6) double maxNorm) {
        ParameterSet set = parameters(gradients);
        double before = GradientClipping.globalNorm(set);

        double returned = GradientClipping.clipByNorm(set, maxNorm);

        assertThat(returned).isEqualTo(before);
        assertThat(GradientClipping.globalNorm(set)).isLessThanOrEqualTo(maxNorm);
    }

    @Property
    void gradientsWithinTheLimitAreUntouched(@ForAll("gradients") List<double[]> gradients) {
        ParameterSet set = parameters(gradients);
        double norm = GradientClipping.globalNorm(set);

        GradientClipping.clipByNorm(set, norm + 1e-6);
        new GradientClipping(norm * 2 + 1.0, 1e9).apply(set);

        int k = 0;
        for (Parameter p : set) {
            assertThat(p.gradient().toArray()).containsExactly(gradients.get(k++));
        }
    }

    @Property
    void valueClippingBoundsEveryElement(@ForAll("gradients") List<double[]> gradients,
            @ForAll @DoubleRange(min = 1e-3, max = 10) @Scale(6) double maxValue) {
        ParameterSet set = parameters(gradients);

        GradientClipping.clipByValue(set, maxValue);

        int k = 0;
        for (Parameter p : set) {
            double[] original = gradients.get(k++);
            double[] clipped = p.gradient().toArray();
            for (int i = 0; i < clipped.length; i++) {
                double expected = Math.max(-maxValue, Math.min(maxValue, original[i]));
                assertThat(clipped[i]).isEqualTo(expected);
            }
        }
    }

    @Example
    void normClippingMatchesPyTorch() {
        for (JsonNode c : PyTorchReferences.document().get("clipping")) {
            double[] weight = doubles(c.get("before").get("weight"));
            double[] bias = doubles(c.get("before").get("bias"));
            ParameterSet set = parameters(List.of(weight, bias));

            double total = GradientClipping.clipByNorm(set, c.get("max_norm").asDouble());

            assertThat(total).isCloseTo(c.get("total_norm").asDouble(), within(1e-12));
            assertThat(set.get("g0").gradient().toArray()).containsExactly(doubles(c.get("after").get("weight")),
                    within(1e-12));
            assertThat(set.get("g1").gradient().toArray()).containsExactly(doubles(c.get("after").get("bias")),
                    within(1e-12));
        }
    }

    @Example
    void nonFiniteNormIsReturnedAndGradientsKept() {
        ParameterSet set = parameters(List.of(new double[] {Double.NaN, 1.0}, new double[] {3.0}));

        double total = new GradientClipping(1.0, 0.0).apply(set);

        assertThat(total).isNaN();
        assertThat(set.get("g0").gradient().toArray()[1]).isEqualTo(1.0);
        assertThat(set.get("g1").gradient().toArray()).containsExactly(3.0);
    }

    @Example
    void negativeLimitsAreRejected() {
        assertThatThrownBy(() -> new GradientClipping(-1.0, 0.0)).hasMessageContaining("norm").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> new GradientClipping(0.0, Double.POSITIVE_INFINITY)).hasMessageContaining("value");
    }

    @Provide
    Arbitrary<List<double[]>> gradients() {
        Arbitrary<Double> unit = Arbitraries.doubles().between(-1.0, 1.0).ofScale(12);
        Arbitrary<Double> element = Arbitraries.oneOf(unit.map(x -> x * 1e3), unit.map(x -> x * 1e-3),
                Arbitraries.just(0.0));
        Arbitrary<double[]> tensor = element.array(double[].class).ofMinSize(1).ofMaxSize(12);
        return tensor.list().ofMinSize(1).ofMaxSize(4);
    }

    private ParameterSet parameters(List<double[]> gradients) {
        ParameterSet set = new ParameterSet();
        for (int k = 0; k < gradients.size(); k++) {
            double[] g = gradients.get(k);
            Parameter p = new Parameter("g" + k, backend.zeros(1, g.length), true);
            p.gradient().copyFrom(g);
            set.add("", p);
        }
        return set;
    }
}
