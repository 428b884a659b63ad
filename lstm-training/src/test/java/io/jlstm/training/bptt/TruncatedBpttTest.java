package io.jlstm.training.bptt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jlstm.api.layer.SequenceLengths;
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
import java.util.Arrays;
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
        assertThat(mean).isCloseTo((losses.get(0) * 3 + losses.get(1) * 3 + losses.get(2) * 1) / STEPS,
                within(1e-15));
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
    void paddedWholeSequenceEqualsFullBptt() {
        SequenceModel full = model(2);
        SequenceModel truncated = model(2);
        Batch batch = paddedBatch(12L, 7, 4);

        double fullLoss = new FullBptt().train(full, batch, loss, sgdStep(full));
        double truncatedLoss = new TruncatedBptt(STEPS, STEPS).train(truncated, batch, loss, sgdStep(truncated));

        assertThat(truncatedLoss).isEqualTo(fullLoss);
        for (String name : full.parameters().names()) {
            assertThat(truncated.parameters().get(name).value().toArray()).as(name)
                    .containsExactly(full.parameters().get(name).value().toArray());
        }
    }

    @Test
    void equalPaddedLengthsMatchShorterBatch() {
        SequenceModel padded = model(2);
        SequenceModel shorter = model(2);
        Batch batch = paddedBatch(13L, 5, 5);
        Batch firstFiveSteps = new Batch(rows(batch.input(), 0, 5), rows(batch.targets(), 0, 5), BATCH);
        List<Double> paddedLosses = new ArrayList<>();
        List<Double> shorterLosses = new ArrayList<>();

        new TruncatedBptt(2, 1).train(padded, batch, loss, recordingSgdStep(padded, paddedLosses));
        new TruncatedBptt(2, 1).train(shorter, firstFiveSteps, loss, recordingSgdStep(shorter, shorterLosses));

        assertThat(paddedLosses).hasSize(3).containsExactlyElementsOf(shorterLosses);
        for (String name : padded.parameters().names()) {
            assertThat(padded.parameters().get(name).value().toArray()).as(name)
                    .containsExactly(shorter.parameters().get(name).value().toArray());
        }
    }

    @Test
    void segmentsEndWhenEverySampleHasEnded() {
        SequenceModel model = model(1);
        List<Double> losses = new ArrayList<>();

        double mean = new TruncatedBptt(2, 2).train(model, paddedBatch(14L, 3, 2), loss, value -> {
            losses.add(value);
            model.parameters().zeroGradients();
        });

        // Segment 0 has 2 valid steps of both samples, segment 1 one step of the first sample.
        assertThat(losses).hasSize(2);
        assertThat(mean).isCloseTo((losses.get(0) * 4 + losses.get(1)) / 5, within(1e-15));
    }

    @Test
    void paddedSegmentsSumSingleSampleRuns() {
        assertSegmentsSumSampleRuns(new TruncatedBptt(2, 2), new int[] {7, 3, 5}, new int[] {6, 5, 3, 1});
    }

    @Test
    void paddedShortBackwardSumsSingleSampleRuns() {
        // With k2 < k1 each sample backpropagates through its own last k2 valid steps of a segment,
        // not through the segment's last k2 steps, which can all be padding for a short sample.
        assertSegmentsSumSampleRuns(new TruncatedBptt(3, 1), new int[] {7, 3, 5}, new int[] {9, 5, 1});
        assertSegmentsSumSampleRuns(new TruncatedBptt(3, 2), new int[] {7, 1, 5}, new int[] {7, 5, 1});
        assertSegmentsSumSampleRuns(new TruncatedBptt(10, 2), new int[] {7, 3, 5}, new int[] {15});
    }

    /**
     * Checks that every segment's loss and gradient, times its valid steps, is the sum of those of
     * the samples trained one by one, for a two-layer model on a padded batch.
     */
    private void assertSegmentsSumSampleRuns(TruncatedBptt strategy, int[] lengths, int[] validPerSegment) {
        SequenceModel model = SequenceModel.lstm(backend, INPUT, HIDDEN, OUTPUT, 2, 17L);
        Batch batch = paddedBatch(15L, lengths);
        List<Double> batchLosses = new ArrayList<>();
        List<Map<String, double[]>> batchGradients = recordSegments(model, batch, strategy, batchLosses);

        double[] lossSums = new double[batchLosses.size()];
        List<Map<String, double[]>> gradientSums = new ArrayList<>();
        for (int s = 0; s < batchLosses.size(); s++) {
            gradientSums.add(new LinkedHashMap<>());
        }
        for (int b = 0; b < lengths.length; b++) {
            List<Double> sampleLosses = new ArrayList<>();
            List<Map<String, double[]>> sampleGradients = recordSegments(model, sample(batch, b, lengths[b]),
                    strategy, sampleLosses);
            for (int s = 0; s < sampleLosses.size(); s++) {
                int valid = Math.min(strategy.k1(), lengths[b] - strategy.k1() * s);
                lossSums[s] += sampleLosses.get(s) * valid;
                for (var entry : sampleGradients.get(s).entrySet()) {
                    double[] sum = gradientSums.get(s).computeIfAbsent(entry.getKey(),
                            name -> new double[entry.getValue().length]);
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] += entry.getValue()[k] * valid;
                    }
                }
            }
        }

        String label = strategy.name() + " on lengths " + Arrays.toString(lengths);
        assertThat(batchLosses).as(label).hasSize(validPerSegment.length);
        for (int s = 0; s < validPerSegment.length; s++) {
            assertThat(batchLosses.get(s) * validPerSegment[s]).as("loss of segment %d, %s", s, label)
                    .isCloseTo(lossSums[s], within(1e-12));
            for (var entry : batchGradients.get(s).entrySet()) {
                double[] actual = entry.getValue();
                double[] expected = gradientSums.get(s).get(entry.getKey());
                for (int k = 0; k < actual.length; k++) {
                    assertThat(actual[k] * validPerSegment[s]).as("%s[%d] in segment %d, %s", entry.getKey(), k, s,
                            label).isCloseTo(expected[k], within(1e-12));
                }
            }
        }
    }

    @Test
    void bidirectionalSegmentsAreRejected() {
        // Each case cuts the sequence or its backward pass, which the reverse direction cannot take.
        for (int[] k : new int[][] {{3, 3}, {3, 1}, {STEPS, 2}}) {
            SequenceModel model = bidirectionalModel();
            double[] before = model.parameters().get("head.weight").value().toArray();

            assertThatThrownBy(() -> new TruncatedBptt(k[0], k[1]).train(model, batch(5L), loss, sgdStep(model)))
                    .as("k1 = %d, k2 = %d", k[0], k[1]).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("bidirectional").hasMessageContaining("bptt.k1 = 0");
            assertThat(model.parameters().get("head.weight").value().toArray()).as("weights after a rejected batch")
                    .containsExactly(before);
        }
    }

    @Test
    void bidirectionalWholeSequenceEqualsFullBptt() {
        SequenceModel full = bidirectionalModel();
        SequenceModel truncated = bidirectionalModel();
        Batch batch = batch(5L);

        double fullLoss = new FullBptt().train(full, batch, loss, sgdStep(full));
        double truncatedLoss = new TruncatedBptt(STEPS, STEPS).train(truncated, batch, loss, sgdStep(truncated));

        assertThat(truncatedLoss).isEqualTo(fullLoss);
        for (String name : full.parameters().names()) {
            assertThat(truncated.parameters().get(name).value().toArray()).as(name)
                    .containsExactly(full.parameters().get(name).value().toArray());
        }
    }

    @Test
    void manyToOneHeadIsAConfigError() {
        SequenceModel model = SequenceModel.builder(backend).cell("lstm").inputSize(INPUT).hiddenSize(HIDDEN)
                .outputSize(OUTPUT).head(SequenceModel.Head.MANY_TO_ONE).seed(17L).build();

        assertThatThrownBy(() -> new TruncatedBptt(3, 3).train(model, batch(5L), loss, sgdStep(model)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model.head = many-to-many");
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

    private List<Map<String, double[]>> recordSegments(SequenceModel model, Batch batch, TruncatedBptt strategy,
            List<Double> losses) {
        List<Map<String, double[]>> gradients = new ArrayList<>();
        strategy.train(model, batch, loss, value -> {
            losses.add(value);
            Map<String, double[]> g = new LinkedHashMap<>();
            model.parameters().asMap().forEach((name, p) -> g.put(name, p.gradient().toArray()));
            gradients.add(g);
            model.parameters().zeroGradients();
        });
        return gradients;
    }

    private ParameterUpdate recordingSgdStep(SequenceModel model, List<Double> losses) {
        ParameterUpdate step = sgdStep(model);
        return value -> {
            losses.add(value);
            step.apply(value);
        };
    }

    /**
     * A batch of {@link #STEPS} steps whose sample {@code b} has {@code lengths[b]} valid steps; the
     * padded rows hold random values too, which training must ignore.
     */
    private Batch paddedBatch(long seed, int... lengths) {
        return randomBatch(seed, lengths.length, SequenceLengths.of(STEPS, lengths));
    }

    /** A batch of {@link #STEPS} steps and {@code count} samples with values in [-1, 1). */
    private Batch randomBatch(long seed, int count, SequenceLengths lengths) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[STEPS * count * INPUT];
        double[] y = new double[STEPS * count * OUTPUT];
        for (int k = 0; k < x.length; k++) {
            x[k] = 2 * random.nextDouble() - 1;
        }
        for (int k = 0; k < y.length; k++) {
            y[k] = 2 * random.nextDouble() - 1;
        }
        return new Batch(backend.fromArray(STEPS * count, INPUT, x), backend.fromArray(STEPS * count, OUTPUT, y),
                count, lengths);
    }

    /** Copies the first {@code length} steps of sample {@code b} of {@code batch} into a batch of one. */
    private Batch sample(Batch batch, int b, int length) {
        Tensor x = backend.zeros(length, INPUT);
        Tensor y = backend.zeros(length, OUTPUT);
        for (int t = 0; t < length; t++) {
            backend.copyRows(batch.input(), t * batch.batchSize() + b, x, t, 1);
            backend.copyRows(batch.targets(), t * batch.batchSize() + b, y, t, 1);
        }
        return new Batch(x, y, 1);
    }

    private ParameterUpdate sgdStep(SequenceModel model) {
        Sgd sgd = new Sgd(0.3, 0.9, 0.0, false, 0.0);
        return value -> {
            sgd.step(model.parameters());
            model.parameters().zeroGradients();
        };
    }

    private SequenceModel bidirectionalModel() {
        return SequenceModel.builder(backend).cell("lstm").inputSize(INPUT).hiddenSize(HIDDEN).outputSize(OUTPUT)
                .bidirectional(true).seed(17L).build();
    }

    private SequenceModel model(int layers) {
        return SequenceModel.lstm(backend, INPUT, HIDDEN, OUTPUT, layers, 17L);
    }

    private Batch batch(long seed) {
        return randomBatch(seed, BATCH, null);
    }

    private Tensor rows(Tensor sequence, int startStep, int steps) {
        Tensor part = backend.zeros(steps * BATCH, sequence.cols());
        backend.copyRows(sequence, startStep * BATCH, part, 0, steps * BATCH);
        return part;
    }
}
