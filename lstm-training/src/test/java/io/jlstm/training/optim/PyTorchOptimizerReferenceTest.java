package io.jlstm.training.optim;

import static io.jlstm.training.PyTorchReferences.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.PyTorchReferences;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each optimizer's first 5 updates equal PyTorch's to 1e-12, and so does its final state. */
class PyTorchOptimizerReferenceTest {

    private static final double TOLERANCE = 1e-12;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : PyTorchReferences.document().get("optimizers")) {
            cases.add(Arguments.of(c.get("name").asText(), c));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updatesMatchPyTorch(String name, JsonNode reference) {
        JsonNode doc = PyTorchReferences.document();
        ParameterSet parameters = initialParameters(new ScalarBackend(), doc);
        Optimizer optimizer = create(reference.get("optimizer").asText(), reference.get("options"));
        JsonNode gradients = doc.get("gradients");

        for (int step = 0; step < gradients.size(); step++) {
            for (Parameter p : parameters) {
                p.gradient().copyFrom(doubles(gradients.get(step).get(p.name())));
            }
            optimizer.step(parameters);
            for (Parameter p : parameters) {
                double[] expected = doubles(reference.get("after").get(step).get(p.name()));
                assertThat(p.value().toArray()).as("%s after step %d", p.name(), step + 1)
                        .containsExactly(expected, within(TOLERANCE));
            }
        }

        OptimizerState state = optimizer.state();
        assertThat(state.steps()).isEqualTo(gradients.size());
        for (Parameter p : parameters) {
            JsonNode expectedBuffers = reference.get("state").get(p.name());
            assertThat(state.buffers().get(p.name()).keySet()).as("buffers of %s", p.name())
                    .containsExactlyInAnyOrderElementsOf(() -> expectedBuffers.fieldNames());
            expectedBuffers.fields().forEachRemaining(e -> assertThat(state.buffers().get(p.name()).get(e.getKey()))
                    .as("%s of %s", e.getKey(), p.name()).containsExactly(doubles(e.getValue()), within(TOLERANCE)));
        }
    }

    static ParameterSet initialParameters(Backend backend, JsonNode doc) {
        Parameter weight = new Parameter("weight", backend.fromArray(2, 3, doubles(doc.get("initial").get("weight"))),
                false);
        Parameter bias = new Parameter("bias", backend.fromArray(1, 3, doubles(doc.get("initial").get("bias"))), true);
        return new ParameterSet().add("", weight).add("", bias);
    }

    static Optimizer create(String kind, JsonNode o) {
        double lr = o.get("lr").asDouble();
        double weightDecay = o.path("weight_decay").asDouble(0.0);
        switch (kind) {
            case "sgd":
                return new Sgd(lr, o.path("momentum").asDouble(0.0), o.path("dampening").asDouble(0.0),
                        o.path("nesterov").asBoolean(false), weightDecay);
            case "adam":
            case "adamw":
                boolean decoupled = kind.equals("adamw");
                double beta1 = o.has("betas") ? o.get("betas").get(0).asDouble() : 0.9;
                double beta2 = o.has("betas") ? o.get("betas").get(1).asDouble() : 0.999;
                return new Adam(lr, beta1, beta2, o.path("eps").asDouble(1e-8),
                        o.path("weight_decay").asDouble(decoupled ? 0.01 : 0.0), decoupled);
            case "rmsprop":
                return new RmsProp(lr, o.path("alpha").asDouble(0.99), o.path("eps").asDouble(1e-8), weightDecay,
                        o.path("momentum").asDouble(0.0), o.path("centered").asBoolean(false));
            case "adagrad":
                return new AdaGrad(lr, o.path("lr_decay").asDouble(0.0), o.path("eps").asDouble(1e-10), weightDecay,
                        o.path("initial_accumulator_value").asDouble(0.0));
            default:
                throw new IllegalArgumentException("no optimizer '" + kind + "' in this test");
        }
    }
}
