package io.jlstm.training.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.TensorData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionShapesTest {

    private final ScalarBackend backend = new ScalarBackend();

    private static TensorDataFile input() throws Exception {
        double[] values = {0.1, -0.3, 0.5, 0.2, -0.7, 0.9, 0.4, 0.0, -0.1, 0.6, 0.3, -0.5};
        return TensorDataFile.of(Map.of(TensorDataFile.INPUT, new TensorData(new long[] {3, 2, 2}, values)), false,
                "test input");
    }

    @Test
    void bidirectionalStatesStackAsPyTorch() throws Exception {
        SequenceModel model = SequenceModel.builder(backend).cell("lstm").inputSize(2).hiddenSize(3).layers(2)
                .bidirectional(true).dropout(0.5).seed(4L).build();
        TensorDataFile data = input();

        Prediction prediction = Prediction.run(model, data);

        Tensor[][] states = model.eval().forward(data.input(backend), 2, null).finalStates();
        assertThat(prediction.hidden().shape()).containsExactly(4, 2, 3);
        assertThat(prediction.cellState().shape()).containsExactly(4, 2, 3);
        double[] h = prediction.hidden().data();
        double[] c = prediction.cellState().data();
        String[] order = {"layer 0 forward", "layer 0 reverse", "layer 1 forward", "layer 1 reverse"};
        for (int slot = 0; slot < 4; slot++) {
            int layer = slot / 2;
            int direction = slot % 2;
            double[] expectedH = states[layer][direction * 2].toArray();
            double[] expectedC = states[layer][direction * 2 + 1].toArray();
            double[] actualH = new double[6];
            double[] actualC = new double[6];
            System.arraycopy(h, slot * 6, actualH, 0, 6);
            System.arraycopy(c, slot * 6, actualC, 0, 6);
            assertThat(actualH).as("h_n of %s", order[slot]).containsExactly(expectedH);
            assertThat(actualC).as("c_n of %s", order[slot]).containsExactly(expectedC);
        }
    }

    @Test
    void predictionRunsWithoutDropout() throws Exception {
        SequenceModel model = SequenceModel.builder(backend).cell("gru").inputSize(2).hiddenSize(3).layers(3)
                .dropout(0.5).seed(4L).build();
        TensorDataFile data = input();

        double[] first = Prediction.run(model, data).output().data();
        double[] second = Prediction.run(model, data).output().data();

        assertThat(first).containsExactly(second);
        assertThat(model.isTraining()).as("mode after prediction").isTrue();
    }

    @Test
    void manyToOneModelIsRejected() {
        SequenceModel model = SequenceModel.builder(backend).cell("gru").inputSize(2)
                .head(SequenceModel.Head.MANY_TO_ONE).build();

        assertThatThrownBy(() -> Prediction.run(model, input()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("many-to-one");
    }
}
