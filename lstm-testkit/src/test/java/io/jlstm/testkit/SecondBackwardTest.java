package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A pass supports one backward; a second one is rejected before it adds to any gradient. */
class SecondBackwardTest {

    private static final int BATCH = 2;
    private static final int STEPS = 3;

    private final Backend backend = new ScalarBackend();

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void secondBackwardRejectedLeavingGradients(String cell) {
        SequenceModel model = SequenceModel.builder(backend).cell(cell).inputSize(2).hiddenSize(4).outputSize(3)
                .layers(2).seed(3L).build();
        SplittableRandom random = new SplittableRandom(8);
        Tensor x = TestData.uniform(backend, STEPS * BATCH, 2, 1.0, random);
        Tensor dPredictions = TestData.uniform(backend, STEPS * BATCH, 3, 1.0, random);
        SequenceModel.Pass pass = model.forward(x, BATCH, null);
        model.backward(pass, dPredictions);
        List<double[]> before = gradients(model);

        assertThatThrownBy(() -> model.backward(pass, dPredictions))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("backward already ran on this pass; run forward again before another backward");

        List<double[]> after = gradients(model);
        for (int k = 0; k < before.size(); k++) {
            assertThat(after.get(k)).as("gradient %d of %s", k, cell).containsExactly(before.get(k));
        }
    }

    private static List<double[]> gradients(SequenceModel model) {
        List<double[]> values = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            values.add(p.gradient().toArray());
        }
        return values;
    }
}
