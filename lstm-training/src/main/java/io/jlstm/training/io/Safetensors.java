package io.jlstm.training.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length {@code N}, then
 * {@code N} bytes of UTF-8 JSON mapping each tensor name to {@code dtype}, {@code shape} and
 * {@code data_offsets} (plus an optional {@code __metadata__} map of strings), then the raw
 * little-endian tensor data, addressed by offsets relative to the end of the header.
 *
 * <p>Reading accepts {@code F64} and {@code F32} (widened to float64) and validates everything
 * before it allocates for the data: the header length against the file and
 * {@link #MAX_HEADER_BYTES}, well-formed JSON without duplicate keys, known dtypes, non-negative
 * shapes, offsets inside the data section, sizes equal to the shape's product times the element
 * size, and offsets that tile the data section without overlaps or holes. So no header value can
 * make the reader allocate more than the file's size. Writing always produces {@code F64}.
 */
public final class Safetensors {

    /** Largest header accepted, in bytes; the reference implementation uses the same 100 MB cap. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";
    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final Set<String> OTHER_DTYPES = Set.of("F16", "BF16", "F8_E4M3", "F8_E5M2", "I64", "I32", "I16",
            "I8", "U64", "U32", "U16", "U8", "BOOL");
    // Trailing tokens fail so that text after the header object is an error, not silently dropped;
    // the space padding writers add to align the data is whitespace and still accepted.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Safetensors() {
    }

    /**
     * Reads and validates a safetensors file.
     *
     * @throws SafetensorsException if the file is malformed, naming the file, the tensor and the problem
     * @throws IOException if the file cannot be read
     */
    public static SafetensorsFile read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "safetensors file not found");
        }
        if (!Files.isRegularFile(path)) {
            throw new SafetensorsException(path + " is not a regular file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                // NOTE: files above 2 GiB would need chunked mapping; jLSTM models are far smaller.
                throw new SafetensorsException(path + " is " + size + " bytes; files above 2 GiB are not supported");
            }
            ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            return parse(buffer, path.toString());
        }
    }

    /**
     * Parses safetensors bytes held in memory.
     *
     * @param source name of the bytes' origin for error messages
     * @throws SafetensorsException if the bytes are malformed
     */
    public static SafetensorsFile read(byte[] bytes, String source) throws SafetensorsException {
        return parse(ByteBuffer.wrap(bytes), source);
    }

    /**
     * Writes {@code tensors} (in map order) as F64 with {@code metadata}, atomically.
     *
     * @throws IllegalArgumentException if a name is empty or {@value #METADATA_KEY}
     */
    public static void write(Path path, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        AtomicFiles.write(path, toBytes(tensors, metadata));
    }

    /** Encodes {@code tensors} (in map order) as F64 safetensors bytes with {@code metadata}. */
    public static byte[] toBytes(Map<String, TensorData> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA_KEY);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            ObjectNode entry = header.putObject(name);
            entry.put("dtype", "F64");
            ArrayNode shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + 8L * e.getValue().data().length;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensors too large for one file: " + total + " bytes");
        }

        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int k = json.length; k < padded; k++) {
            out.put((byte) ' ');
        }
        for (TensorData t : tensors.values()) {
            for (double v : t.data()) {
                out.putDouble(v);
            }
        }
        return out.array();
    }

    private static SafetensorsFile parse(ByteBuffer buffer, String source) throws SafetensorsException {
        buffer = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long size = buffer.remaining();
        if (size < 8) {
            throw new SafetensorsException(source + ": file is " + size + " bytes, shorter than the 8-byte header length");
        }
        long headerLength = buffer.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
            throw new SafetensorsException(source + ": header length " + Long.toUnsignedString(headerLength)
                    + " is invalid; it must be at least 2, at most " + MAX_HEADER_BYTES
                    + " and fit in the file's remaining " + (size - 8) + " bytes (file truncated or not safetensors?)");
        }
        int dataStart = 8 + (int) headerLength;
        long dataLength = size - dataStart;
        JsonNode root = parseHeader(buffer, (int) headerLength, source);

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Slot> slots = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(field.getValue(), metadata, source);
            } else {
                slots.add(readEntry(field.getKey(), field.getValue(), dataLength, source));
            }
        }
        checkTiling(slots, dataLength, source);

        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Slot s : slots) {
            tensors.put(s.name, new TensorData(s.shape, decode(buffer, dataStart, s)));
        }
        return new SafetensorsFile(tensors, metadata);
    }

    private static JsonNode parseHeader(ByteBuffer buffer, int headerLength, String source)
            throws SafetensorsException {
        ByteBuffer headerBytes = buffer.duplicate();
        headerBytes.position(8).limit(8 + headerLength);
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes);
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(source + ": header is not valid UTF-8", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text.toString());
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(source + ": header is not well-formed JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(source + ": header must be a JSON object of tensor entries");
        }
        return root;
    }

    private static void readMetadata(JsonNode node, Map<String, String> metadata, String source)
            throws SafetensorsException {
        if (!node.isObject()) {
            throw new SafetensorsException(source + ": " + METADATA_KEY + " must be an object of strings");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new SafetensorsException(source + ": " + METADATA_KEY + " value of '" + e.getKey()
                        + "' must be a string, but is " + e.getValue().getNodeType());
            }
            metadata.put(e.getKey(), e.getValue().asText());
        }
    }

    private static Slot readEntry(String name, JsonNode node, long dataLength, String source)
            throws SafetensorsException {
        String where = source + ": tensor '" + name + "'";
        if (!node.isObject()) {
            throw new SafetensorsException(where + " must be an object with dtype, shape and data_offsets");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            if (!ENTRY_FIELDS.contains(field)) {
                throw new SafetensorsException(where + " has unknown field '" + field
                        + "'; expected dtype, shape and data_offsets");
            }
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new SafetensorsException(where + " has no string dtype");
        }
        String dtype = dtypeNode.asText();
        int elementSize;
        if (dtype.equals("F64")) {
            elementSize = 8;
        } else if (dtype.equals("F32")) {
            elementSize = 4;
        } else if (OTHER_DTYPES.contains(dtype)) {
            throw new SafetensorsException(where + " has dtype " + dtype
                    + ", which jLSTM does not read; save the tensors as float64 (F64) or float32 (F32)");
        } else {
            throw new SafetensorsException(where + " has unknown dtype '" + dtype + "'; expected F64 or F32");
        }

        long[] shape = longArray(node.get("shape"), -1, where, "shape");
        long[] offsets = longArray(node.get("data_offsets"), 2, where, "data_offsets");
        long count;
        long bytes;
        try {
            count = TensorData.elementCount(shape);
            bytes = Math.multiplyExact(count, elementSize);
        } catch (ArithmeticException e) {
            throw new SafetensorsException(where + " has a shape " + java.util.Arrays.toString(shape)
                    + " whose size overflows", e);
        }
        if (offsets[0] > offsets[1] || offsets[1] > dataLength) {
            throw new SafetensorsException(where + " has data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] outside the data section of " + dataLength
                    + " bytes; the file is truncated or its header is corrupted");
        }
        if (offsets[1] - offsets[0] != bytes) {
            throw new SafetensorsException(where + " has data_offsets [" + offsets[0] + ", " + offsets[1] + "] spanning "
                    + (offsets[1] - offsets[0]) + " bytes, but shape " + java.util.Arrays.toString(shape) + " of "
                    + dtype + " needs " + bytes);
        }
        return new Slot(name, elementSize, shape, offsets[0], offsets[1], (int) count);
    }

    private static long[] longArray(JsonNode node, int length, String where, String field)
            throws SafetensorsException {
        if (node == null || !node.isArray() || length >= 0 && node.size() != length) {
            throw new SafetensorsException(where + " needs " + field + " as an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] values = new long[node.size()];
        for (int k = 0; k < values.length; k++) {
            JsonNode v = node.get(k);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
                throw new SafetensorsException(where + " has " + field + "[" + k + "] = " + v
                        + "; expected a non-negative integer");
            }
            values[k] = v.asLong();
        }
        return values;
    }

    private static void checkTiling(List<Slot> slots, long dataLength, String source) throws SafetensorsException {
        List<Slot> sorted = new ArrayList<>(slots);
        sorted.sort(Comparator.comparingLong((Slot s) -> s.begin).thenComparingLong(s -> s.end));
        long expected = 0;
        for (Slot s : sorted) {
            if (s.begin < expected) {
                throw new SafetensorsException(source + ": tensor '" + s.name + "' at bytes [" + s.begin + ", " + s.end
                        + "] overlaps the tensor before it");
            }
            if (s.begin > expected) {
                throw new SafetensorsException(source + ": bytes [" + expected + ", " + s.begin
                        + "] of the data section belong to no tensor (before tensor '" + s.name + "')");
            }
            expected = s.end;
        }
        if (expected != dataLength) {
            throw new SafetensorsException(source + ": the tensors cover " + expected + " bytes, but the data section has "
                    + dataLength + " (trailing bytes or truncated file)");
        }
    }

    private static double[] decode(ByteBuffer buffer, int dataStart, Slot s) {
        double[] values = new double[s.count];
        int position = dataStart + (int) s.begin;
        for (int k = 0; k < s.count; k++) {
            values[k] = s.elementSize == 8
                    ? buffer.getDouble(position + 8 * k)
                    : buffer.getFloat(position + 4 * k);
        }
        return values;
    }

    private record Slot(String name, int elementSize, long[] shape, long begin, long end, int count) {
    }
}
