package io.jlstm.training.bptt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.Batch;
import io.jlstm.training.optim.Sgd;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TruncatedBpttTest {

    private static final int INPUT = 2;
    private static final int HIDDEN = 3;
    private static final int OUTPUT = 2;
    private static final int BATCH = 2;
    private static final int STEPS = 7;

    private final Backend backend = new ScalarBackend();
    private final Loss loss = new MseLoss();

    @Test
    void wholeSequenceSegmentEqualsFullBptt() {
        for (int k1 : new int[] {STEPS, STEPS + 5}) {
            SequenceModel full = model(2);
            SequenceModel truncated = model(2);
            Batch batch = batch(11L);

            double fullLoss = new FullBptt().train(full, batch, loss, sgdStep(full));
            double truncatedLoss = new TruncatedBptt(k1, k1).train(truncated, batch, loss, sgdStep(truncated));

            assertThat(truncatedLoss).isEqualTo(fullLoss);
            for (String name : full.parameters().names()) {
                assertThat(truncated.parameters().get(name).value().toArray()).as("%s with k1 = %d", name, k1)
                        .containsExactly(full.parameters().get(name).value().toArray());
            }
        }
    }

    @Test
    void segmentsGiveOneUpdateEach() {
        SequenceModel model = model(1);
        List<Double> losses = new ArrayList<>();

        double mean = new TruncatedBptt(3, 2).train(model, batch(3L), loss, value -> {
            losses.add(value);
            model.parameters().zeroGradients();
        });

        assertThat(losses).hasSize(3);
        assertThat(mean).isEqualTo((losses.get(0) * 3 + losses.get(1) * 3 + losses.get(2) * 1) / STEPS);
    }

    @Test
    void segmentGradientMatchesFiniteDifferences() {
        SequenceModel model = model(2);
        Batch batch = batch(5L);
        int k1 = 3;
        List<Map<String, double[]>> gradients = new ArrayList<>();

        new TruncatedBptt(k1, k1).train(model, batch, loss, value -> {
            Map<String, double[]> g = new LinkedHashMap<>();
            model.parameters().asMap().forEach((name, p) -> g.put(name, p.gradient().toArray()));
            gradients.add(g);
            model.parameters().zeroGradients();
        });

        // The update above changed nothing, so the state entering segment 1 is the state after the
        // first k1 steps under the same parameters; it is held constant while differencing.
        Tensor[][] incoming = model.forward(rows(batch.input(), 0, k1), BATCH, null).finalStates();
        Tensor x = rows(batch.input(), k1, k1);
        Tensor y = rows(batch.targets(), k1, k1);
        for (var entry : model.parameters().asMap().entrySet()) {
            Parameter p = entry.getValue();
            double[] analytic = gradients.get(1).get(entry.getKey());
            for (int k = 0; k < analytic.length; k++) {
                int r = k / p.value().cols();
                int c = k % p.value().cols();
                double original = p.value().get(r, c);
                double h = 1e-6;
                p.value().set(r, c, original + h);
                double plus = loss.value(model.forward(x, BATCH, incoming).predictions(), y);
                p.value().set(r, c, original - h);
                double minus = loss.value(model.forward(x, BATCH, incoming).predictions(), y);
                p.value().set(r, c, original);
                double numeric = (plus - minus) / (2 * h);

                double absolute = Math.abs(analytic[k] - numeric);
                double relative = absolute / Math.max(Math.max(Math.abs(analytic[k]), Math.abs(numeric)), 1e-8);
                assertThat(absolute < 1e-8 || relative < 1e-5)
                        .as("%s[%d]: analytic %s, numeric %s", entry.getKey(), k, analytic[k], numeric).isTrue();
            }
        }
    }

    @Test
    void stateDoesNotLeakAcrossMinibatches() {
        SequenceModel model = model(2);
        Batch batch = batch(9L);
        TruncatedBptt strategy = new TruncatedBptt(3, 3);
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();

        strategy.train(model, batch, loss, value -> {
            first.add(value);
            model.parameters().zeroGradients();
        });
        strategy.train(model, batch, loss, value -> {
            second.add(value);
            model.parameters().zeroGradients();
        });

        assertThat(second.get(0)).isEqualTo(first.get(0));
        assertThat(second).containsExactlyElementsOf(first);
        // The carried state matters: segment 0 started from the final state of segment 2 differs.
        Tensor[][] carried = model.forward(batch.input(), BATCH, null).finalStates();
        double leaked = loss.value(model.forward(rows(batch.input(), 0, 3), BATCH, carried).predictions(),
                rows(batch.targets(), 0, 3));
        assertThat(leaked).isNotEqualTo(first.get(0));
    }

    @Test
    void shorterBackwardLengthChangesTheRecurrentGradientOnly() {
        SequenceModel model = model(1);
        Batch batch = batch(4L);
        Map<String, double[]> whole = firstSegmentGradients(model, batch, new TruncatedBptt(4, 4));
        Map<String, double[]> shortened = firstSegmentGradients(model, batch, new TruncatedBptt(4, 1));

        assertThat(shortened.get("head.weight")).containsExactly(whole.get("head.weight"));
        assertThat(shortened.get("lstm.weight_hh_l0")).isNotEqualTo(whole.get("lstm.weight_hh_l0"));
    }

    @Test
    void invalidLengthsAreRejected() {
        assertThatThrownBy(() -> new TruncatedBptt(0, 0)).hasMessageContaining("bptt.k1");
        assertThatThrownBy(() -> new TruncatedBptt(3, 4)).hasMessageContaining("bptt.k2 <= bptt.k1 = 3")
                .hasMessageContaining("4");
        assertThatThrownBy(() -> new TruncatedBptt(3, 0)).hasMessageContaining("bptt.k2");
    }

    @Test
    void configChoosesTheStrategy() {
        assertThat(BpttStrategies.fromConfig(JlstmConfig.builder().build())).isInstanceOf(FullBptt.class);
        BpttStrategy truncated = BpttStrategies.fromConfig(JlstmConfig.builder().set("bptt.k1", "5").build());
        assertThat(truncated).isInstanceOf(TruncatedBptt.class);
        assertThat(((TruncatedBptt) truncated).k2()).isEqualTo(5);

        assertThatThrownBy(() -> BpttStrategies.fromConfig(JlstmConfig.builder().set("bptt.k2", "2").build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bptt.k1");
        assertThatThrownBy(() -> BpttStrategies.fromConfig(JlstmConfig.builder().set("bptt.k1", "2")
                .set("bptt.k2", "3").build())).isInstanceOf(ConfigException.class).hasMessageContaining("exceeds");
    }

    private Map<String, double[]> firstSegmentGradients(SequenceModel model, Batch batch, TruncatedBptt strategy) {
        List<Map<String, double[]>> gradients = new ArrayList<>();
        strategy.train(model, batch, loss, value -> {
            Map<String, double[]> g = new LinkedHashMap<>();
            model.parameters().asMap().forEach((name, p) -> g.put(name, p.gradient().toArray()));
            gradients.add(g);
            model.parameters().zeroGradients();
        });
        return gradients.get(0);
    }

    private ParameterUpdate sgdStep(SequenceModel model) {
        Sgd sgd = new Sgd(0.3, 0.9, 0.0, false, 0.0);
        return value -> {
            sgd.step(model.parameters());
            model.parameters().zeroGradients();
        };
    }

    private SequenceModel model(int layers) {
        return SequenceModel.lstm(backend, INPUT, HIDDEN, OUTPUT, layers, 17L);
    }

    private Batch batch(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[STEPS * BATCH * INPUT];
        double[] y = new double[STEPS * BATCH * OUTPUT];
        for (int k = 0; k < x.length; k++) {
            x[k] = 2 * random.nextDouble() - 1;
        }
        for (int k = 0; k < y.length; k++) {
            y[k] = 2 * random.nextDouble() - 1;
        }
        return new Batch(backend.fromArray(STEPS * BATCH, INPUT, x), backend.fromArray(STEPS * BATCH, OUTPUT, y), BATCH);
    }

    private Tensor rows(Tensor sequence, int startStep, int steps) {
        Tensor part = backend.zeros(steps * BATCH, sequence.cols());
        backend.copyRows(sequence, startStep * BATCH, part, 0, steps * BATCH);
        return part;
    }
}
