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

    @Test
    void fileShorterThanLengthFieldIsRejected() {
        assertThatThrownBy(() -> Safetensors.read(new byte[5], "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("file is 5 bytes");
    }

    @Test
    void headerLengthWithTopBitSetIsRejected() {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8).array();

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("header length 18446744073709551608");
    }

    @Test
    void headerLengthAboveLimitIsRejected() {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(Safetensors.MAX_HEADER_BYTES + 1).array();

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("at most " + Safetensors.MAX_HEADER_BYTES);
    }

    @Test
    void truncatedJsonIsRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",", new byte[0]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("not well-formed JSON");
    }

    @Test
    void textAfterJsonObjectIsRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]}} x", new byte[0]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("not well-formed JSON");
    }

    @Test
    void spacePaddingAfterJsonIsAccepted() throws Exception {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}     ", le64(2.5));

        assertThat(Safetensors.read(bytes, "mem").get("a").data()).containsExactly(2.5);
    }

    @Test
    void headerThatIsNotObjectIsRejected() {
        byte[] bytes = file("[1, 2]", new byte[0]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("must be a JSON object");
    }

    @Test
    void invalidUtf8HeaderIsRejected() {
        byte[] header = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        byte[] bytes = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).array();

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void unknownDtypeIsNamed() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F65\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .hasMessageContaining("unknown dtype 'F65'")
                .hasMessageContaining("tensor 'a'");
    }

    @Test
    void offsetsBeyondDataAreRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .hasMessageContaining("tensor 'a'")
                .hasMessageContaining("outside the data section of 8 bytes");
    }

    @Test
    void reversedOffsetsAreRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[8,0]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .hasMessageContaining("tensor 'a'")
                .hasMessageContaining("data_offsets [8, 0]");
    }

    @Test
    void gapBetweenTensorsIsRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}", new byte[24]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .hasMessageContaining("bytes [8, 16]")
                .hasMessageContaining("belong to no tensor");
    }

    @Test
    void trailingDataBytesAreRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[12]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("trailing bytes");
    }

    @Test
    void negativeDimensionIsRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .hasMessageContaining("tensor 'a'")
                .hasMessageContaining("shape[0] = -1");
    }

    @Test
    void fractionalDimensionIsRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1.5],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("shape[0] = 1.5");
    }

    @Test
    void overflowingShapeIsRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("overflows");
    }

    @Test
    void missingDataOffsetsAreRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem"))
                .hasMessageContaining("tensor 'a' needs data_offsets as an array of 2 integers");
    }

    @Test
    void unknownEntryFieldIsRejected() {
        byte[] bytes = file("{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8],\"x\":1}}",
                new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("unknown field 'x'");
    }

    @Test
    void nonStringMetadataIsRejected() {
        byte[] bytes = file("{\"__metadata__\":{\"epochs\":3}}", new byte[0]);

        assertThatThrownBy(() -> Safetensors.read(bytes, "mem")).hasMessageContaining("value of 'epochs'");
    }

    @Test
    void scalarAndEmptyTensorsRoundTrip() throws Exception {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("loss", new TensorData(new long[0], new double[] {0.125}));
        tensors.put("empty", new TensorData(new long[] {0, 3}, new double[0]));
        Path file = dir.resolve("s.safetensors");

        Safetensors.write(file, tensors, Map.of());

        assertThat(Safetensors.read(file).tensors()).containsExactlyEntriesOf(tensors);
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.safetensors");

        assertThatThrownBy(() -> Safetensors.read(file))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("absent.safetensors");
    }

    static byte[] file(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    private static byte[] le64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return b.array();
    }

    private static byte[] le32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
