package io.jlstm.examples.cells;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.testkit.GradientCheckProperties;
import io.jlstm.testkit.ModelShape;
import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import java.net.URISyntaxException;
import java.nio.file.Path;
import net.jqwik.api.Example;
import net.jqwik.api.PropertyDefaults;

/**
 * The testkit's gradient-check properties on a two-layer CIFG LSTM, found by its registered name,
 * and one training run configured by a properties file that selects it.
 */
@PropertyDefaults(tries = 100)
class CifgLstmGradientProperties extends GradientCheckProperties {

    @Override
    protected Backend backend() {
        return new ScalarBackend();
    }

    @Override
    protected SequenceModel model(Backend backend, ModelShape shape, long seed) {
        return SequenceModel.builder(backend)
                .cell("cifg-lstm")
                .inputSize(shape.inputSize())
                .hiddenSize(shape.hiddenSize())
                .outputSize(shape.outputSize())
                .layers(2)
                .seed(seed)
                .build();
    }

    @Example
    void trainsFromAConfigurationFile() throws URISyntaxException {
        Path file = Path.of(getClass().getResource("/cells/cifg-sine.properties").toURI());
        JlstmConfig config = JlstmConfig.builder().file(file).build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        SequenceDataset data = SineWaves.nextValueTask(32, 20);
        double before = trainer.evaluate(data);

        trainer.fit(data, null);

        assertThat(trainer.model().parameters().names()).contains("cifg-lstm.weight_ih_l0");
        assertThat(trainer.model().parameters().get("cifg-lstm.weight_ih_l0").torchShape()).containsExactly(24, 1);
        assertThat(trainer.evaluate(data)).as("loss after training, before %s", before).isLessThan(before / 10);
    }
}
