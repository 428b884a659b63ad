package io.jlstm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Training skips the model's input gradient; the parameter gradients must not change. */
class SkippedInputGradientTest {

    private static final int BATCH = 3;
    private static final int STEPS = 4;

    private final Backend backend = new ScalarBackend();

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void parameterGradientsEqualThoseOfFullBackward(String cell) {
        SequenceModel model = SequenceModel.builder(backend).cell(cell).inputSize(2).hiddenSize(5).outputSize(3)
                .layers(2).seed(9L).build();
        SplittableRandom random = new SplittableRandom(4);
        Tensor x = TestData.uniform(backend, STEPS * BATCH, 2, 1.0, random);
        Tensor dPredictions = TestData.uniform(backend, STEPS * BATCH, 3, 1.0, random);

        SequenceModel.Gradients full = model.backward(model.forward(x, BATCH, null), dPredictions);
        List<double[]> fullGradients = takeGradients(model);
        SequenceModel.Gradients skipped = model.backward(model.forward(x, BATCH, null), dPredictions, null, STEPS,
                false);
        List<double[]> skippedGradients = takeGradients(model);

        assertThat(full.input()).isNotNull();
        assertThat(skipped.input()).isNull();
        for (int k = 0; k < fullGradients.size(); k++) {
            assertThat(skippedGradients.get(k)).as("gradient %d of %s", k, cell)
                    .containsExactly(fullGradients.get(k));
        }
        for (int layer = 0; layer < 2; layer++) {
            for (int s = 0; s < full.initialStates()[layer].length; s++) {
                assertThat(skipped.initialStates()[layer][s].toArray()).as("initial state %d of layer %d", s, layer)
                        .containsExactly(full.initialStates()[layer][s].toArray());
            }
        }
    }

    private List<double[]> takeGradients(SequenceModel model) {
        List<double[]> gradients = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            gradients.add(p.gradient().toArray());
        }
        model.parameters().zeroGradients();
        return gradients;
    }
}
