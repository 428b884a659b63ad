package io.jlstm.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.io.SafetensorsException;
import io.jlstm.training.io.TensorData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorDataFileTest {

    @TempDir
    Path dir;

    private final Backend backend = new ScalarBackend();

    // input [T=2, B=3, I=2]: value = 100 t + 10 b + feature
    private final TensorData input = new TensorData(new long[] {2, 3, 2},
            new double[] {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121});
    // target [T=2, B=3, O=1]: value = -(100 t + 10 b)
    private final TensorData target = new TensorData(new long[] {2, 3, 1},
            new double[] {0, -10, -20, -100, -110, -120});

    @Test
    void writeThenReadKeepsLayout() throws Exception {
        Path file = dir.resolve("data.safetensors");

        TensorDataFile.write(file, input, target);
        TensorDataFile data = TensorDataFile.read(file, true);

        assertThat(data.steps()).isEqualTo(2);
        assertThat(data.batch()).isEqualTo(3);
        assertThat(data.inputSize()).isEqualTo(2);
        assertThat(data.targetSize()).isEqualTo(1);
        assertThat(data.input(backend).rows()).isEqualTo(6);
        assertThat(data.input(backend).toArray()).containsExactly(input.data());
        assertThat(data.target(backend).toArray()).containsExactly(target.data());
    }

    @Test
    void datasetSampleIsOneBatchColumn() throws Exception {
        TensorDataFile data = TensorDataFile.of(Map.of("input", input, "target", target), true, "mem");
        double[] sampleInput = new double[4];
        double[] sampleTarget = new double[2];

        data.dataset().sample(1, sampleInput, sampleTarget);

        assertThat(data.dataset().size()).isEqualTo(3);
        assertThat(sampleInput).containsExactly(10, 11, 110, 111);
        assertThat(sampleTarget).containsExactly(-10, -110);
    }

    @Test
    void predictionFileNeedsNoTarget() throws Exception {
        TensorDataFile data = TensorDataFile.of(Map.of("input", input), false, "mem");

        assertThat(data.hasTarget()).isFalse();
        assertThat(data.targetSize()).isZero();
        assertThatThrownBy(data::dataset).hasMessageContaining("has no 'target' tensor");
    }

    @Test
    void trainingFileNeedsTarget() {
        assertThatThrownBy(() -> TensorDataFile.of(Map.of("input", input), true, "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("missing tensor 'target' of shape [T, B, O]");
    }

    @Test
    void missingInputIsNamed() {
        assertThatThrownBy(() -> TensorDataFile.of(Map.of("target", target), false, "mem"))
                .hasMessageContaining("missing tensor 'input' of shape [T, B, I]");
    }

    @Test
    void unexpectedTensorIsNamed() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("input", input);
        tensors.put("inputs", input);

        assertThatThrownBy(() -> TensorDataFile.of(tensors, false, "mem"))
                .hasMessageContaining("unexpected tensor 'inputs'");
    }

    @Test
    void inputOfRankTwoIsRejected() {
        TensorData flat = new TensorData(new long[] {6, 2}, input.data());

        assertThatThrownBy(() -> TensorDataFile.of(Map.of("input", flat), false, "mem"))
                .hasMessageContaining("tensor 'input' has shape [6, 2], expected [T, B, I] (time-major, rank 3)");
    }

    @Test
    void zeroDimensionIsRejected() {
        TensorData empty = new TensorData(new long[] {0, 3, 2}, new double[0]);

        assertThatThrownBy(() -> TensorDataFile.of(Map.of("input", empty), false, "mem"))
                .hasMessageContaining("every dimension at least 1");
    }

    @Test
    void targetWithOtherBatchIsRejected() {
        TensorData other = new TensorData(new long[] {2, 2, 1}, new double[4]);

        assertThatThrownBy(() -> TensorDataFile.of(Map.of("input", input, "target", other), true, "mem"))
                .hasMessageContaining("tensor 'target' has shape [2, 2, 1], expected [2, 3, O]");
    }

    @Test
    void nonFiniteValueIsLocated() {
        double[] values = input.data().clone();
        values[9] = Double.POSITIVE_INFINITY;
        TensorData bad = new TensorData(input.shape(), values);

        assertThatThrownBy(() -> TensorDataFile.of(Map.of("input", bad), false, "mem"))
                .hasMessageContaining("contains Infinity at [t=1, b=1, feature=1]");
    }

    @Test
    void modelSizesMustFit() throws Exception {
        TensorDataFile data = TensorDataFile.of(Map.of("input", input, "target", target), true, "data.safetensors");

        assertThatThrownBy(() -> data.requireSizes(3, 1))
                .hasMessageContaining("tensor 'input' has shape [2, 3, 2], expected [T, B, 3]");
        assertThatThrownBy(() -> data.requireSizes(2, 4))
                .hasMessageContaining("tensor 'target' has shape [2, 3, 1], expected [T, B, 4]");
    }

    @Test
    void malformedFileIsReported() throws Exception {
        Path file = dir.resolve("bad.safetensors");
        java.nio.file.Files.write(file, new byte[3]);

        assertThatThrownBy(() -> TensorDataFile.read(file, false))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("bad.safetensors");
    }

    @Test
    void float32FileIsWidened() throws Exception {
        Path file = dir.resolve("f32.safetensors");
        byte[] header = "{\"input\":{\"dtype\":\"F32\",\"shape\":[1,1,1],\"data_offsets\":[0,4]}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 + header.length + 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(header.length).put(header).putFloat(0.5f);
        java.nio.file.Files.write(file, bytes.array());

        assertThat(TensorDataFile.read(file, false).input(backend).toArray()).containsExactly(0.5);
    }
}
