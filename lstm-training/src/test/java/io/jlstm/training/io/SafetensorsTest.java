package io.jlstm.training.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadRoundTrips() throws Exception {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("lstm.weight_ih_l0", new TensorData(new long[] {2, 3}, new double[] {1, -2, 3.5, 0, 1e-300, -0.0}));
        tensors.put("head.bias", new TensorData(new long[] {1}, new double[] {Math.PI}));
        Path file = dir.resolve("w.safetensors");

        Safetensors.write(file, tensors, Map.of("format", "pt"));
        SafetensorsFile read = Safetensors.read(file);

        assertThat(read.tensors()).containsExactlyEntriesOf(tensors);
        assertThat(read.metadata()).containsEntry("format", "pt");
        assertThat(Files.list(dir)).as("no temporary file left").hasSize(1);
    }

    @Test
    void float32IsWidened() throws Exception {
        byte[] bytes = file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", le32(1.5f, -0.25f));

        SafetensorsFile read = Safetensors.read(bytes, "mem");

        assertThat(read.get("x").data()).containsExactly(1.5, -0.25);
    }

    @Test
    void headerLengthBeyondFileIsRejected() {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("header length 1000");
    }

    @Test
    void sizeMismatchNamesTensorAndShape() {
        byte[] bytes = file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("needs 32");
    }

    @Test
    void overlappingTensorsAreRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("overlaps");
    }

    @Test
    void unsupportedDtypeIsNamed() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}", new byte[2]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("BF16").hasMessageContaining("'a'");
    }

    @Test
    void duplicateKeysAreRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]}}", new byte[0]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("not well-formed JSON");
    }

    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    private static byte[] le32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
