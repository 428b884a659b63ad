package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.gradcheck.GradientCheck;
import io.jlstm.training.gradcheck.GradientCheckReport;
import io.jlstm.training.gradcheck.GradientChecker;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gradient checker fails wrong gradients, passes right ones, and passes a ReLU network whose
 * pre-activation lies within one finite-difference step of zero.
 */
class GradientCheckerTest {

    private static final int BATCH = 2;
    private static final int STEPS = 4;

    private final Backend backend = new ScalarBackend();

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn-tanh", "rnn-relu"})
    void correctGradientsPassWithoutKinks(String cell) {
        SequenceModel model = model(cell, 3, 4);
        SplittableRandom random = new SplittableRandom(5);
        Tensor x = TestData.uniform(backend, STEPS * BATCH, 3, 1.0, random);
        Tensor targets = TestData.uniform(backend, STEPS * BATCH, 2, 1.0, random);

        GradientCheckReport report = new GradientChecker().check(model, x, BATCH, targets, new MseLoss(), null);

        assertThat(report.passed()).as(report.describe()).isTrue();
        assertThat(report.checks()).extracting(GradientCheck::kinks).containsOnly(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "rnn-relu"})
    void gradientOffByATenthOfAPercentFails(String cell) {
        SequenceModel model = model(cell, 3, 4);
        SplittableRandom random = new SplittableRandom(5);
        Tensor x = TestData.uniform(backend, STEPS * BATCH, 3, 1.0, random);
        Tensor targets = TestData.uniform(backend, STEPS * BATCH, 2, 1.0, random);

        GradientCheckReport report = new GradientChecker().check(model, x, BATCH, targets,
                new ScaledGradientMse(1.001), null);

        assertThat(report.passed()).as(report.describe()).isFalse();
        assertThat(check(report, "head.bias").passed()).as(report.describe()).isFalse();
        assertThat(report.checks()).extracting(GradientCheck::kinks).containsOnly(0);
    }

    @Test
    void reluKinkWithinOneStepPassesOneSided() {
        SequenceModel model = model("rnn-relu", 1, 1);
        double[] values = {0.5, 0.8, 3e-7, 0.0, 1.5, -0.2};
        String[] names = {"rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "head.weight",
            "head.bias"};
        for (int k = 0; k < names.length; k++) {
            model.parameters().asMap().get(names[k]).value().set(0, 0, values[k]);
        }
        // With x = 0 and h0 = 0 the first pre-activation is bias_ih + bias_hh = 3e-7, so a step of
        // 1e-6 on either bias, or on x (times weight_ih 0.5), crosses the ReLU's kink at zero.
        Tensor x = backend.zeros(1, 1);
        Tensor targets = backend.zeros(1, 1);
        targets.set(0, 0, 1.0);

        GradientCheckReport report = new GradientChecker().check(model, x, 1, targets, new MseLoss(), null);

        assertThat(report.passed()).as(report.describe()).isTrue();
        assertThat(kinks(report, "rnn.bias_ih_l0")).isEqualTo(1);
        assertThat(kinks(report, "rnn.bias_hh_l0")).isEqualTo(1);
        assertThat(kinks(report, "input")).isEqualTo(1);
        assertThat(kinks(report, "head.weight")).isZero();
        assertThat(report.describe()).contains("rnn.bias_ih_l0: pass").contains("1 element at a kink, compared one-sided");
    }

    @Test
    void wrongGradientAtAKinkStillFails() {
        SequenceModel model = model("rnn-relu", 1, 1);
        model.parameters().asMap().get("rnn.weight_ih_l0").value().set(0, 0, 0.5);
        model.parameters().asMap().get("rnn.bias_ih_l0").value().set(0, 0, 3e-7);
        model.parameters().asMap().get("rnn.bias_hh_l0").value().set(0, 0, 0.0);
        model.parameters().asMap().get("head.weight").value().set(0, 0, 1.5);
        Tensor x = backend.zeros(1, 1);
        Tensor targets = backend.zeros(1, 1);
        targets.set(0, 0, 1.0);

        GradientCheckReport report = new GradientChecker().check(model, x, 1, targets, new ScaledGradientMse(1.01),
                null);

        assertThat(report.passed()).as(report.describe()).isFalse();
        assertThat(check(report, "rnn.bias_ih_l0").passed()).as(report.describe()).isFalse();
    }

    @Test
    void slopeMixedAcrossAKinkFails() {
        // The hinge's kink lies a fraction of a step below the prediction, so the one-sided
        // difference on that side mixes both slopes: 0.5 at a third of a step, 1.2 at 0.8 steps.
        // A gradient equal to that mix is wrong, because the slope at the prediction is 1.
        double[][] cases = {{1.0 / 3.0, 0.5}, {0.8, 1.2}};
        for (double[] c : cases) {
            GradientCheckReport report = checkHinge(c[0], c[1]);

            assertThat(report.passed()).as("kink %s steps away, slope %s: %s", c[0], c[1], report.describe())
                    .isFalse();
            assertThat(check(report, "head.bias").passed()).as(report.describe()).isFalse();
        }
    }

    @Test
    void slopeOnThePredictionSidePasses() {
        for (double stepsAway : new double[] {1.0 / 3.0, 0.8, 1.5}) {
            GradientCheckReport report = checkHinge(stepsAway, 1.0);

            assertThat(report.passed()).as("kink %s steps away: %s", stepsAway, report.describe()).isTrue();
        }
        GradientCheckReport atTheKink = checkHinge(0.0, 0.0);
        assertThat(atTheKink.passed()).as(atTheKink.describe()).isTrue();
        assertThat(kinks(atTheKink, "head.bias")).isEqualTo(1);
    }

    /**
     * Checks a one-unit ReLU RNN (weights 1, biases 0, x = 1, h0 = 0, so the prediction is 1) under
     * a hinge loss whose kink lies {@code stepsAway} default steps below the prediction, and whose
     * gradient is {@code slopeNearKink} within one step of the kink.
     */
    private GradientCheckReport checkHinge(double stepsAway, double slopeNearKink) {
        SequenceModel model = model("rnn-relu", 1, 1);
        model.parameters().asMap().forEach((name, p) -> p.value().set(0, 0, name.contains("weight") ? 1.0 : 0.0));
        Tensor x = backend.zeros(1, 1);
        x.set(0, 0, 1.0);
        Tensor targets = backend.zeros(1, 1);
        targets.set(0, 0, 1.0 - stepsAway * GradientChecker.DEFAULT_STEP);

        return new GradientChecker().check(model, x, 1, targets, new HingeLoss(slopeNearKink), null);
    }

    @Test
    void settingsOutOfRangeAreRejected() {
        double tol = GradientChecker.DEFAULT_RELATIVE_TOLERANCE;
        double abs = GradientChecker.DEFAULT_ABSOLUTE_TOLERANCE;
        for (double step : new double[] {0.0, -1e-6, 1e-300, GradientChecker.MIN_STEP / 2, 1.0, 10.0, Double.NaN}) {
            assertThatThrownBy(() -> new GradientChecker(step, tol, abs)).as("step %s", step)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("finite-difference step must be in [2.220446049250313E-16, 1), but is "
                            + step).hasMessageContaining("The default is 1.0E-6");
        }
        for (double relative : new double[] {0.0, 1.0, 2.0, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new GradientChecker(GradientChecker.DEFAULT_STEP, relative, abs))
                    .as("relative tolerance %s", relative).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("relative tolerance must be in (0, 1), but is " + relative);
        }

        GradientChecker edges = new GradientChecker(GradientChecker.MIN_STEP, 0.999, abs);
        assertThat(edges).isNotNull();
    }

    private SequenceModel model(String cell, int inputSize, int hiddenSize) {
        int outputSize = inputSize == 1 ? 1 : 2;
        return SequenceModel.builder(backend).cell(cell).inputSize(inputSize).hiddenSize(hiddenSize)
                .outputSize(outputSize).seed(11L).build();
    }

    private static int kinks(GradientCheckReport report, String name) {
        return check(report, name).kinks();
    }

    private static GradientCheck check(GradientCheckReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The mean of {@code max(0, prediction - target)}, whose gradient is {@code slopeNearKink}
     * (right only when it is 1, or 0 exactly at the kink) where the prediction lies within
     * {@code 1e-6} of the target.
     */
    private static final class HingeLoss implements Loss {
        private final double slopeNearKink;

        HingeLoss(double slopeNearKink) {
            this.slopeNearKink = slopeNearKink;
        }

        @Override
        public String name() {
            return "hinge";
        }

        @Override
        public double compute(Tensor predictions, Tensor targets, Tensor dPredictions) {
            int count = predictions.rows() * predictions.cols();
            double sum = 0.0;
            for (int r = 0; r < predictions.rows(); r++) {
                for (int c = 0; c < predictions.cols(); c++) {
                    double difference = predictions.get(r, c) - targets.get(r, c);
                    sum += Math.max(0.0, difference);
                    double slope = difference > 0.0 ? 1.0 : 0.0;
                    dPredictions.set(r, c, (Math.abs(difference) < 1e-6 ? slopeNearKink : slope) / count);
                }
            }
            return sum / count;
        }

        @Override
        public double value(Tensor predictions, Tensor targets) {
            return compute(predictions, targets, predictions.backend().zeros(predictions.rows(), predictions.cols()));
        }
    }

    /** Mean squared error whose gradient is scaled by a factor, so every analytic gradient is wrong. */
    private static final class ScaledGradientMse implements Loss {
        private final MseLoss mse = new MseLoss();
        private final double factor;

        ScaledGradientMse(double factor) {
            this.factor = factor;
        }

        @Override
        public String name() {
            return "mse-scaled-gradient";
        }

        @Override
        public double compute(Tensor predictions, Tensor targets, Tensor dPredictions) {
            double loss = mse.compute(predictions, targets, dPredictions);
            predictions.backend().scale(factor, dPredictions, dPredictions);
            return loss;
        }

        @Override
        public double value(Tensor predictions, Tensor targets) {
            return mse.value(predictions, targets);
        }
    }
}
