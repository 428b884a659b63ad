package io.jlstm.training.schedule;

import static io.jlstm.training.PyTorchReferences.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.training.PyTorchReferences;
import io.jlstm.training.optim.Optimizer;
import io.jlstm.training.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schedule's learning rates over 15 epochs equal those of torch.optim.lr_scheduler to 1e-12. */
class PyTorchScheduleReferenceTest {

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : PyTorchReferences.document().get("schedules")) {
            cases.add(Arguments.of(c.get("name").asText(), c));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void learningRatesMatchPyTorch(String name, JsonNode reference) {
        double[] expected = doubles(reference.get("lrs"));
        double[] metrics = reference.has("metrics") ? doubles(reference.get("metrics")) : null;
        LearningRateSchedule schedule = create(name, reference.get("options"));
        Optimizer optimizer = new Sgd(0.1);

        schedule.start(optimizer);
        List<Double> rates = new ArrayList<>(List.of(optimizer.learningRate()));
        for (int epoch = 0; epoch < expected.length - 1; epoch++) {
            schedule.step(optimizer, metrics == null ? Double.NaN : metrics[epoch]);
            rates.add(optimizer.learningRate());
        }

        assertThat(rates.stream().mapToDouble(Double::doubleValue).toArray()).containsExactly(expected, within(1e-12));
    }

    static LearningRateSchedule create(String name, JsonNode o) {
        LearningRateSchedule.Interval epoch = LearningRateSchedule.Interval.EPOCH;
        switch (name) {
            case "step":
                return new StepDecay(epoch, o.get("step-size").asInt(), o.get("gamma").asDouble(), 0, 1.0);
            case "exponential":
                return new ExponentialDecay(epoch, o.get("gamma").asDouble(), 0, 1.0);
            case "cosine":
                return new CosineAnnealing(epoch, o.get("t-max").asInt(), o.get("eta-min").asDouble(), 0, 1.0);
            case "warmup":
                return new ConstantSchedule(epoch, o.get("warmup").asInt(), o.get("warmup-start-factor").asDouble());
            case "warmup+step":
                return new StepDecay(epoch, o.get("step-size").asInt(), o.get("gamma").asDouble(),
                        o.get("warmup").asInt(), o.get("warmup-start-factor").asDouble());
            case "plateau":
                return new ReduceOnPlateau(o.get("factor").asDouble(), o.get("patience").asInt(),
                        o.get("threshold").asDouble(), o.get("cooldown").asInt(), o.get("min-lr").asDouble());
            default:
                throw new IllegalArgumentException("no schedule '" + name + "' in this test");
        }
    }
}
