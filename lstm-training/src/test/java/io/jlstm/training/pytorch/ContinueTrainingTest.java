package io.jlstm.training.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.SafetensorsException;
import io.jlstm.training.io.TensorData;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContinueTrainingTest {

    @TempDir
    Path dir;

    private final Backend backend = new ScalarBackend();
    private final ModelSpec spec = new ModelSpec("lstm", 2, 3, 1, 1, Map.of(), "rnn", "linear");

    @Test
    void trainingKeepsNamesAndSections() throws Exception {
        Path modelDir = dir.resolve("model");
        ObjectNode sections = ModelDirectory.newSections();
        sections.putObject("preprocessing").put("scaler", "none");
        ModelDirectory.save(modelDir, spec, spec.build(backend, 3L), sections);
        Path data = dir.resolve("train.safetensors");
        TensorDataFile.write(data, sequence(4, 2, 2), sequence(4, 2, 1));

        ContinueTraining.Result result = ContinueTraining.run(config(2, 2), modelDir, data, dir.resolve("out"));
        ModelDirectory.Loaded saved = ModelDirectory.load(dir.resolve("out"), backend);

        assertThat(result.summary().steps()).isEqualTo(2);
        assertThat(saved.model().parameters().names()).containsExactlyElementsOf(spec.build(backend, 0L)
                .parameters().names());
        assertThat(saved.document().get("preprocessing").get("scaler").asText()).isEqualTo("none");
        assertThat(saved.document().get("continued_training").get("steps").asLong()).isEqualTo(2);
        assertThat(saved.document().get("continued_training").get("optimizer").asText()).isEqualTo("sgd");
    }

    @Test
    void trainingChangesWeights() throws Exception {
        Path modelDir = dir.resolve("model");
        SequenceModel before = spec.build(backend, 3L);
        ModelDirectory.save(modelDir, spec, before, null);
        Path data = dir.resolve("train.safetensors");
        TensorDataFile.write(data, sequence(4, 2, 2), sequence(4, 2, 1));

        ContinueTraining.run(config(1, 2), modelDir, data, dir.resolve("out"));
        SequenceModel after = ModelDirectory.load(dir.resolve("out"), backend).model();

        assertThat(after.parameters().get("linear.bias").value().toArray())
                .isNotEqualTo(before.parameters().get("linear.bias").value().toArray());
    }

    @Test
    void dataOfOtherInputSizeIsRejected() throws Exception {
        Path modelDir = dir.resolve("model");
        ModelDirectory.save(modelDir, spec, spec.build(backend, 3L), null);
        Path data = dir.resolve("train.safetensors");
        TensorDataFile.write(data, sequence(4, 2, 5), sequence(4, 2, 1));

        assertThatThrownBy(() -> ContinueTraining.run(config(1, 2), modelDir, data, dir.resolve("out")))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("tensor 'input' has shape [4, 2, 5], expected [T, B, 2]");
    }

    @Test
    void dataWithoutTargetIsRejected() throws Exception {
        Path modelDir = dir.resolve("model");
        ModelDirectory.save(modelDir, spec, spec.build(backend, 3L), null);
        Path data = dir.resolve("predict.safetensors");
        TensorDataFile.write(data, sequence(4, 2, 2), null);

        assertThatThrownBy(() -> ContinueTraining.run(config(1, 2), modelDir, data, dir.resolve("out")))
                .hasMessageContaining("missing tensor 'target'");
    }

    @Test
    void predictionHasPyTorchShapes() throws Exception {
        SequenceModel model = new ModelSpec("lstm", 2, 3, 1, 2, Map.of()).build(backend, 4L);
        TensorDataFile data = TensorDataFile.of(Map.of("input", sequence(5, 2, 2)), false, "mem");

        Prediction prediction = Prediction.run(model, data);

        assertThat(prediction.output().shape()).containsExactly(5, 2, 1);
        assertThat(prediction.hidden().shape()).containsExactly(2, 2, 3);
        assertThat(prediction.cellState().shape()).containsExactly(2, 2, 3);
        assertThat(prediction.tensors()).containsOnlyKeys("output", "h_n", "c_n");
    }

    @Test
    void predictionRejectsOtherInputSize() throws Exception {
        SequenceModel model = spec.build(backend, 4L);
        TensorDataFile data = TensorDataFile.of(Map.of("input", sequence(5, 2, 3)), false, "mem");

        assertThatThrownBy(() -> Prediction.run(model, data))
                .hasMessageContaining("tensor 'input' has shape [5, 2, 3], expected [T, B, 2]");
    }

    private static JlstmConfig config(int batchSize, int epochs) {
        return JlstmConfig.builder()
                .environment(Map.of())
                .systemProperties(new Properties())
                .set(CoreKeys.BACKEND, "scalar")
                .set(CoreKeys.LEARNING_RATE, 0.1)
                .set(CoreKeys.EPOCHS, epochs)
                .set(CoreKeys.BATCH_SIZE, batchSize)
                .set(CoreKeys.SHUFFLE, false)
                .build();
    }

    private static TensorData sequence(int steps, int batch, int features) {
        double[] values = new double[steps * batch * features];
        for (int k = 0; k < values.length; k++) {
            values[k] = Math.sin(0.7 * k);
        }
        return new TensorData(new long[] {steps, batch, features}, values);
    }
}
