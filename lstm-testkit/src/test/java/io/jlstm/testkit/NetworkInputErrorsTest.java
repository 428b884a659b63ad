package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.cell.BuiltinCells;
import io.jlstm.api.cell.CellFactory;
import io.jlstm.api.cell.CellRegistry;
import io.jlstm.api.cell.CellSpec;
import io.jlstm.api.cell.GruCell;
import io.jlstm.api.cell.LstmCell;
import io.jlstm.api.cell.ProjectedLstmCell;
import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.layer.Dropout;
import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkInputErrorsTest {

    private final Backend backend = new ScalarBackend();

    @Test
    void registryListsBuiltinCells() {
        assertThat(CellRegistry.discover().names())
                .contains("lstm", "gru", "rnn-tanh", "rnn-relu", "peephole-lstm");
    }

    @Test
    void unknownCellNameListsRegisteredNames() {
        assertThatThrownBy(() -> CellRegistry.discover().get("lstn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lstn'")
                .hasMessageContaining("gru, lstm, peephole-lstm, rnn-relu, rnn-tanh");
    }

    @Test
    void duplicateCellNameNamesBothFactories() {
        CellFactory gru = new BuiltinCells.Gru();
        CellFactory impostor = new CellFactory() {
            @Override
            public String name() {
                return "gru";
            }

            @Override
            public String description() {
                return "a second gru";
            }

            @Override
            public RecurrentCell create(Backend backend, CellSpec spec) {
                return new GruCell(backend, spec);
            }
        };

        assertThatThrownBy(() -> CellRegistry.of(List.of(gru, impostor)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'gru' is registered twice")
                .hasMessageContaining(BuiltinCells.Gru.class.getName());
    }

    @Test
    void registryRejectsProjectionForGru() {
        CellRegistry registry = CellRegistry.of(List.of(new BuiltinCells.Gru(), new BuiltinCells.Lstm()));

        assertThatThrownBy(() -> registry.create("gru", backend, new CellSpec(1, 4, 2, 0, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gru' does not support a projection");
        assertThat(registry.create("lstm", backend, new CellSpec(1, 4, 2, 0, false)))
                .isInstanceOf(ProjectedLstmCell.class);
    }

    @Test
    void projectionOnGruIsRejected() {
        assertThatThrownBy(() -> SequenceModel.builder(backend).cell("gru").hiddenSize(4).projectionSize(2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gru' does not support a projection");
        assertThatThrownBy(() -> new GruCell(backend, new CellSpec(1, 4, 2, 0, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("projection size 2");
    }

    @Test
    void projectionNotBelowHiddenSizeIsRejected() {
        assertThatThrownBy(() -> new CellSpec(1, 4, 4, 0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..3")
                .hasMessageContaining("but is 4");
    }

    @Test
    void lstmCellsCheckTheirProjectionSpec() {
        assertThatThrownBy(() -> new LstmCell(backend, new CellSpec(1, 4, 2, 0, false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ProjectedLstmCell");
        assertThatThrownBy(() -> new ProjectedLstmCell(backend, CellSpec.of(1, 4, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a projection size");
    }

    @Test
    void reverseParameterNamesEndInReverse() {
        SequenceModel model = SequenceModel.builder(backend).cell("lstm").hiddenSize(3).projectionSize(2)
                .bidirectional(true).build();

        assertThat(model.parameters().names()).containsExactly(
                "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "lstm.weight_hr_l0",
                "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse", "lstm.bias_ih_l0_reverse",
                "lstm.bias_hh_l0_reverse", "lstm.weight_hr_l0_reverse", "head.weight", "head.bias");
    }

    @Test
    void peepholeAndGruParameterShapes() {
        SequenceModel peephole = SequenceModel.builder(backend).cell("peephole-lstm").inputSize(2).hiddenSize(3).build();
        SequenceModel gru = SequenceModel.builder(backend).cell("gru").inputSize(2).hiddenSize(3).build();

        assertThat(peephole.parameters().get("lstm.weight_ci_l0").torchShape()).containsExactly(3);
        assertThat(peephole.parameters().get("lstm.weight_co_l0").torchShape()).containsExactly(3);
        assertThat(gru.parameters().get("gru.weight_ih_l0").torchShape()).containsExactly(9, 2);
        assertThat(gru.parameters().get("gru.bias_hh_l0").torchShape()).containsExactly(9);
    }

    @Test
    void allPaddingSampleIsNamed() {
        assertThatThrownBy(() -> SequenceLengths.of(5, 3, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 1")
                .hasMessageContaining("all padding");
    }

    @Test
    void lengthAboveStepsIsRejected() {
        assertThatThrownBy(() -> SequenceLengths.of(5, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sample 0")
                .hasMessageContaining("1..5");
    }

    @Test
    void lengthsOfAnotherBatchAreRejected() {
        SequenceModel model = SequenceModel.builder(backend).cell("gru").build();
        Tensor x = backend.zeros(6, 1);

        assertThatThrownBy(() -> model.forward(x, 2, SequenceLengths.of(3, 1, 2, 3), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 samples")
                .hasMessageContaining("2 samples");
    }

    @Test
    void dropoutOfOneIsRejected() {
        assertThatThrownBy(() -> new Dropout(1.0, 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1)");
    }

    @Test
    void bidirectionalRejectsTruncatedBackward() {
        SequenceModel model = SequenceModel.builder(backend).cell("rnn-tanh").bidirectional(true).build();
        SequenceModel.Pass pass = model.forward(backend.zeros(4, 1), 1, null);

        assertThatThrownBy(() -> model.backward(pass, backend.zeros(4, 1), null, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only full BPTT over all 4 steps");
    }

    @Test
    void wrongManyToOneTargetRowsRejected() {
        SequenceModel model = SequenceModel.builder(backend).cell("lstm").head(SequenceModel.Head.MANY_TO_ONE).build();
        SequenceModel.Pass pass = model.forward(backend.zeros(6, 1), 2, null);

        assertThatThrownBy(() -> pass.lossValue(new MseLoss(), backend.zeros(5, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 rows")
                .hasMessageContaining("2 (one per sample) or 6");
    }

    @Test
    void manyToOneTargetPerSample() {
        SequenceModel model = SequenceModel.builder(backend).cell("lstm").head(SequenceModel.Head.MANY_TO_ONE).build();
        SequenceLengths lengths = SequenceLengths.of(3, 1, 3);
        Tensor x = backend.fromArray(6, 1, new double[] {0.5, -0.2, 0.0, 0.3, 0.0, 0.9});
        Tensor perSample = backend.fromArray(2, 1, new double[] {1.0, -1.0});
        Tensor perStep = backend.fromArray(6, 1, new double[] {1.0, 9.0, 9.0, 9.0, 9.0, -1.0});
        SequenceModel.Pass pass = model.forward(x, 2, lengths, null);

        assertThat(pass.predictions().rows()).isEqualTo(2);
        assertThat(pass.lossValue(new MseLoss(), perStep)).isEqualTo(pass.lossValue(new MseLoss(), perSample));
    }

    @Test
    void maskedLossDividesByValidRows() {
        SequenceModel model = SequenceModel.builder(backend).cell("gru").build();
        SequenceLengths lengths = SequenceLengths.of(2, 2, 1);
        SequenceModel.Pass pass = model.forward(backend.zeros(4, 1), 2, lengths, null);
        double[] p = pass.predictions().toArray();
        Tensor targets = backend.fromArray(4, 1, new double[] {p[0] + 1.0, p[1] + 2.0, p[2] + 3.0, 100.0});
        Tensor dPredictions = backend.zeros(4, 1);

        double loss = pass.loss(new MseLoss(), targets, dPredictions);

        assertThat(loss).as("mean of 1, 4 and 9 over the three valid rows").isCloseTo(14.0 / 3.0,
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(dPredictions.get(3, 0)).as("gradient at the padded row").isEqualTo(0.0);
    }
}
