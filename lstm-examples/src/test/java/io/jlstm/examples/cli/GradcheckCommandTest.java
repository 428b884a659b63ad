package io.jlstm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.examples.cli.JlstmCommandTest.Result;
import io.jlstm.training.gradcheck.GradientCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kink line of {@code jlstm gradcheck}: which tensors had elements at a kink, and how many. */
class GradcheckCommandTest {

    @Test
    void kinkSummaryEmptyWithoutKinks() {
        List<GradientCheck> checks = List.of(check("head.weight", 0), check("head.bias", 0));

        assertThat(GradcheckCommand.kinkSummary(checks)).isEmpty();
    }

    @Test
    void kinkSummaryOneElement() {
        List<GradientCheck> checks = List.of(check("rnn-relu.weight_ih_l0", 0), check("rnn-relu.bias_ih_l0", 1));

        assertThat(GradcheckCommand.kinkSummary(checks)).isEqualTo("1 element passed against a one-sided difference:"
                + " rnn-relu.bias_ih_l0 (1). A kink in the loss, such as a ReLU at zero, lies within one"
                + " finite-difference step of it, so the central difference mixes the slopes of both sides.");
    }

    @Test
    void kinkSummaryNamesEveryTensor() {
        List<GradientCheck> checks = List.of(check("rnn-relu.weight_hh_l0", 2), check("head.bias", 0),
                check("input", 1));

        String line = GradcheckCommand.kinkSummary(checks);

        assertThat(line).startsWith("3 elements passed against a one-sided difference: rnn-relu.weight_hh_l0 (2),"
                + " input (1). ");
        assertThat(line).contains("within one finite-difference step of each,");
        assertThat(line).doesNotContain("head.bias");
    }

    @Test
    void reluRunAtKinksPassesAndNamesTensors() {
        // Seed 6 with a step of 1e-3 puts a ReLU pre-activation within one step of zero for one
        // element of each bias, found by trying seeds on the scalar backend.
        Result result = JlstmCommandTest.run("gradcheck", "--backend", "scalar", "--model.cell", "rnn-relu", "--seed", "6",
                "--fd-step", "1e-3", "--steps", "10");

        assertThat(result.status()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("2 elements passed against a one-sided difference: rnn-relu.bias_ih_l0 (1),"
                + " rnn-relu.bias_hh_l0 (1).");
        assertThat(result.out()).contains("all gradients pass");
    }

    private static GradientCheck check(String name, int kinks) {
        return new GradientCheck(name, 4, 0.0, 1e-12, 0, 0, 0.5, 0.5, kinks, true);
    }
}
