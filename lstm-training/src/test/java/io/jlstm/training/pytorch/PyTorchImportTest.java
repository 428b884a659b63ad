package io.jlstm.training.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsException;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyTorchImportTest {

    @TempDir
    Path dir;

    private final Backend backend = new ScalarBackend();

    @Test
    void sizesAndNamesComeFromStateDict() throws Exception {
        ModelSpec spec = PyTorchImport.inspect(file(stateDict("encoder.rnn.", "fc.", 4, 3, 5, 2, 2)), null, "sd");

        assertThat(spec).isEqualTo(new ModelSpec("lstm", 3, 5, 2, 2, Map.of(), "encoder.rnn", "fc"));
    }

    @Test
    void gruIsInferredFromThreeGateBlocks() throws Exception {
        ModelSpec spec = PyTorchImport.inspect(file(stateDict("gru.", "linear.", 3, 2, 4, 1, 1)), null, "sd");

        assertThat(spec.cell()).isEqualTo("gru");
        assertThat(spec.hiddenSize()).isEqualTo(4);
        assertThat(spec.recurrentName()).isEqualTo("gru");
    }

    @Test
    void explicitCellMustMatchShapes() {
        SafetensorsFile gru = file(stateDict("gru.", "linear.", 3, 2, 4, 1, 1));

        assertThatThrownBy(() -> PyTorchImport.inspect(gru, "lstm", "sd"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("tensor 'gru.weight_hh_l0' has shape [12, 4]")
                .hasMessageContaining("expected [4*hidden, hidden] for lstm");
    }

    @Test
    void unknownCellIsRejected() {
        SafetensorsFile lstm = file(stateDict("lstm.", "linear.", 4, 2, 3, 1, 1));

        assertThatThrownBy(() -> PyTorchImport.inspect(lstm, "rnn", "sd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown cell type 'rnn'");
    }

    @Test
    void hiddenWeightWithoutGateBlocksIsRejected() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("lstm.weight_hh_l0", zeros(10, 3));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'lstm.weight_hh_l0' has shape [10, 3]")
                .hasMessageContaining("[4*hidden, hidden] for nn.LSTM or [3*hidden, hidden] for nn.GRU");
    }

    @Test
    void wrongUpperLayerShapeIsNamed() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 2);
        sd.put("lstm.weight_ih_l1", zeros(12, 2));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'lstm.weight_ih_l1' has shape [12, 2], expected [12, 3]");
    }

    @Test
    void wrongInputWeightRowsAreNamed() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("lstm.weight_ih_l0", zeros(8, 2));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'lstm.weight_ih_l0' has shape [8, 2], expected [12, input_size]");
    }

    @Test
    void wrongBiasLengthIsNamed() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("lstm.bias_hh_l0", zeros(3));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'lstm.bias_hh_l0' has shape [3], expected [12]");
    }

    @Test
    void missingBiasMentionsBiasFalse() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.remove("lstm.bias_hh_l0");

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("missing tensor 'lstm.bias_hh_l0'")
                .hasMessageContaining("bias=False");
    }

    @Test
    void missingMiddleLayerIsNamed() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 3);
        sd.keySet().removeIf(k -> k.endsWith("_l1"));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("missing tensor 'lstm.weight_ih_l1'");
    }

    @Test
    void bidirectionalIsRejected() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("lstm.weight_ih_l0_reverse", zeros(12, 2));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("'lstm.weight_ih_l0_reverse'")
                .hasMessageContaining("bidirectional=False");
    }

    @Test
    void projectionIsRejected() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("lstm.weight_hr_l0", zeros(2, 3));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("'lstm.weight_hr_l0'")
                .hasMessageContaining("proj_size=0");
    }

    @Test
    void otherModuleTensorIsRejected() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("norm.running_mean", zeros(3));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'norm.running_mean' is neither a recurrent parameter");
    }

    @Test
    void twoRecurrentModulesAreRejected() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.putAll(stateDict("other.", "linear.", 4, 2, 3, 1, 1));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("2 candidates for the recurrent module")
                .hasMessageContaining("[lstm, other]");
    }

    @Test
    void missingHeadIsRejected() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.remove("linear.weight");
        sd.remove("linear.bias");

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("no nn.Linear module");
    }

    @Test
    void headWeightMustReadHiddenSize() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("linear.weight", zeros(1, 4));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'linear.weight' has shape [1, 4], expected [output_size, 3]");
    }

    @Test
    void headBiasMustMatchOutputSize() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        sd.put("linear.bias", zeros(2));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'linear.bias' has shape [2], expected [1]");
    }

    @Test
    void nonFiniteWeightIsNamed() {
        Map<String, TensorData> sd = stateDict("lstm.", "linear.", 4, 2, 3, 1, 1);
        double[] values = new double[12];
        values[7] = Double.NaN;
        sd.put("lstm.bias_ih_l0", new TensorData(new long[] {12}, values));

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("tensor 'lstm.bias_ih_l0' contains NaN at flat index 7");
    }

    @Test
    void emptyStateDictIsRejected() {
        assertThatThrownBy(() -> PyTorchImport.inspect(file(new LinkedHashMap<>()), null, "sd"))
                .hasMessageContaining("contains no tensors");
    }

    @Test
    void keysWithoutModuleNameAreRejected() {
        Map<String, TensorData> sd = stateDict("", "linear.", 4, 2, 3, 1, 1);

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("has no module name");
    }

    @Test
    void oneModuleWithBothKindsIsRejected() {
        Map<String, TensorData> sd = stateDict("net.", "net.", 4, 2, 3, 1, 1);

        assertThatThrownBy(() -> PyTorchImport.inspect(file(sd), null, "sd"))
                .hasMessageContaining("module 'net' contains both recurrent and linear parameters");
    }

    @Test
    void importedDirectoryKeepsOriginalKeysAndValues() throws Exception {
        Map<String, TensorData> sd = stateDict("rnn.", "out.", 4, 2, 3, 2, 2);
        Path weights = dir.resolve("state_dict.safetensors");
        Safetensors.write(weights, sd, Map.of("torch_version", "1.13.1"));
        Path modelDir = dir.resolve("model");

        PyTorchImport.importFile(weights, "lstm", modelDir, backend);
        SafetensorsFile saved = Safetensors.read(modelDir.resolve(ModelDirectory.WEIGHTS_FILE));
        ModelDirectory.Loaded loaded = ModelDirectory.load(modelDir, backend);
        JsonNode source = loaded.document().get("source");

        assertThat(saved.tensors()).containsExactlyEntriesOf(sd);
        assertThat(loaded.spec()).isEqualTo(new ModelSpec("lstm", 2, 3, 2, 2, Map.of(), "rnn", "out"));
        assertThat(source.get("file").asText()).isEqualTo("state_dict.safetensors");
        assertThat(source.get("metadata").get("torch_version").asText()).isEqualTo("1.13.1");
    }

    @Test
    void importOfMissingFileFails() {
        assertThatThrownBy(() -> PyTorchImport.importFile(dir.resolve("absent.safetensors"), null, dir.resolve("m"),
                backend)).hasMessageContaining("absent.safetensors");
        assertThat(Files.exists(dir.resolve("m"))).isFalse();
    }

    /** A state dict with distinct values, in PyTorch's key order. */
    static Map<String, TensorData> stateDict(String recurrent, String head, int gates, int input, int hidden,
            int output, int layers) {
        Map<String, TensorData> sd = new LinkedHashMap<>();
        double[] next = {0.01};
        for (int k = 0; k < layers; k++) {
            sd.put(recurrent + "weight_ih_l" + k, counting(next, gates * hidden, k == 0 ? input : hidden));
            sd.put(recurrent + "weight_hh_l" + k, counting(next, gates * hidden, hidden));
            sd.put(recurrent + "bias_ih_l" + k, counting(next, gates * hidden));
            sd.put(recurrent + "bias_hh_l" + k, counting(next, gates * hidden));
        }
        sd.put(head + "weight", counting(next, output, hidden));
        sd.put(head + "bias", counting(next, output));
        return sd;
    }

    private static TensorData counting(double[] next, long... shape) {
        double[] values = new double[(int) TensorData.elementCount(shape)];
        for (int k = 0; k < values.length; k++) {
            values[k] = next[0];
            next[0] = -next[0] * 1.01;
        }
        return new TensorData(shape, values);
    }

    private static TensorData zeros(long... shape) {
        return new TensorData(shape, new double[(int) TensorData.elementCount(shape)]);
    }

    private static SafetensorsFile file(Map<String, TensorData> tensors) {
        return new SafetensorsFile(tensors, Map.of());
    }
}
