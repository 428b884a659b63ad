package io.jlstm.training.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.training.optim.OptimizerState;
import io.jlstm.training.schedule.ScheduleState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes a {@link Checkpoint} as one file.
 *
 * <p>Layout: the 8 ASCII bytes {@code JLSTMCK1}; the header length {@code H} as an unsigned
 * 64-bit little-endian integer; {@code H} bytes of UTF-8 JSON; then the tensor data as float64
 * little-endian values. The JSON holds the scalars (numbers that must survive exactly, such as
 * learning rates, are strings in Java's {@code Double.toString} form, which round-trips and spells
 * infinities) and a {@code tensors} list whose entries give {@code name}, {@code shape}
 * {@code [rows, cols]} and {@code offset}, the index of the first value in the data section
 * counted in float64 values. Tensor names are {@code param/<parameter>} and
 * {@code optim/<parameter>/<buffer>}.
 *
 * <p>{@link #write} writes a temporary file in the target directory, forces it to disk and moves
 * it over the target with {@code ATOMIC_MOVE}, so the target is always either the previous
 * complete checkpoint or the new one.
 */
public final class CheckpointFile {

    /** Name of the checkpoint file inside a checkpoint directory. */
    public static final String FILE_NAME = "checkpoint.jlck";

    private static final byte[] MAGIC = "JLSTMCK1".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX = 16;
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    /**
     * Writes {@code checkpoint} to {@code target} atomically.
     *
     * @throws IOException if the directory is not writable or the file system cannot move
     *     atomically; the previous file at {@code target} is then left unchanged
     */
    public static void write(Checkpoint checkpoint, Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        List<double[]> data = new ArrayList<>();
        byte[] header = JSON.writeValueAsBytes(header(checkpoint, data));

        Path temp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                ByteBuffer prefix = ByteBuffer.allocate(PREFIX).order(ByteOrder.LITTLE_ENDIAN);
                prefix.put(MAGIC).putLong(header.length);
                out.write(prefix.array());
                out.write(header);
                for (double[] values : data) {
                    ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asDoubleBuffer().put(values);
                    out.write(bytes.array());
                }
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace checkpoint " + target + " atomically on this file system; choose"
                        + " a checkpoint.dir on a local file system", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads a checkpoint written by {@link #write}.
     *
     * @throws IOException if the file cannot be read, naming it
     * @throws IllegalArgumentException if the file is not a valid checkpoint, naming the file and
     *     the first problem found
     */
    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint file not found: " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < PREFIX || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw invalid(file, "it does not start with the checkpoint signature JLSTMCK1");
        }
        long headerLength = ByteBuffer.wrap(bytes, MAGIC.length, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLength <= 0 || headerLength > bytes.length - PREFIX) {
            throw invalid(file, "its header length " + headerLength + " does not fit the file size " + bytes.length);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, PREFIX, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw invalid(file, "its header is not valid JSON: " + e.getOriginalMessage());
        }
        int dataStart = PREFIX + (int) headerLength;
        long dataValues = (bytes.length - dataStart) / Double.BYTES;
        if ((bytes.length - dataStart) % Double.BYTES != 0) {
            throw invalid(file, "its data section is not a whole number of float64 values");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        try {
            return parse(header, data, dataValues);
        } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
            throw invalid(file, e.getMessage());
        }
    }

    private static ObjectNode header(Checkpoint c, List<double[]> data) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "jlstm-checkpoint");
        root.put("version", FORMAT_VERSION);
        root.put("seed", c.seed());
        root.put("steps", c.steps());
        root.put("epoch", c.epoch());
        root.put("batch", c.batch());
        root.put("epoch_loss_sum", Double.toString(c.epochLossSum()));
        ArrayNode order = root.putArray("order");
        for (int k : c.order()) {
            order.add(k);
        }

        ObjectNode optimizer = root.putObject("optimizer");
        optimizer.put("name", c.optimizer().optimizer());
        optimizer.put("steps", c.optimizer().steps());
        optimizer.put("lr", Double.toString(c.optimizer().learningRate()));

        ObjectNode schedule = root.putObject("schedule");
        schedule.put("name", c.schedule().schedule());
        schedule.put("intervals", c.schedule().intervals());
        schedule.put("base_lr", Double.toString(c.schedule().baseLearningRate()));
        ObjectNode values = schedule.putObject("values");
        c.schedule().values().forEach((k, v) -> values.put(k, Double.toString(v)));

        ObjectNode config = root.putObject("config");
        c.config().forEach(config::put);

        ArrayNode tensors = root.putArray("tensors");
        long[] offset = {0};
        c.parameters().forEach((name, m) -> addTensor(tensors, data, offset, "param/" + name, m.rows(), m.cols(),
                m.values()));
        Map<String, Checkpoint.Matrix> shapes = c.parameters();
        c.optimizer().buffers().forEach((param, buffers) -> buffers.forEach((buffer, v) -> {
            Checkpoint.Matrix shape = shapes.get(param);
            int rows = shape != null ? shape.rows() : 1;
            int cols = shape != null ? shape.cols() : v.length;
            addTensor(tensors, data, offset, "optim/" + param + "/" + buffer, rows, cols, v);
        }));
        return root;
    }

    private static void addTensor(ArrayNode tensors, List<double[]> data, long[] offset, String name, int rows,
            int cols, double[] values) {
        ObjectNode t = tensors.addObject();
        t.put("name", name);
        t.putArray("shape").add(rows).add(cols);
        t.put("offset", offset[0]);
        data.add(values);
        offset[0] += values.length;
    }

    private static Checkpoint parse(JsonNode h, ByteBuffer data, long dataValues) {
        if (!"jlstm-checkpoint".equals(text(h, "format")) || h.path("version").asInt(-1) != FORMAT_VERSION) {
            throw new IllegalArgumentException("its header is not a version-" + FORMAT_VERSION
                    + " jlstm-checkpoint header");
        }
        JsonNode orderNode = required(h, "order");
        int[] order = new int[orderNode.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = orderNode.get(k).asInt();
        }

        Map<String, Checkpoint.Matrix> parameters = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> buffers = new LinkedHashMap<>();
        for (JsonNode t : required(h, "tensors")) {
            String name = text(t, "name");
            JsonNode shape = required(t, "shape");
            int rows = shape.get(0).asInt();
            int cols = shape.get(1).asInt();
            long offset = required(t, "offset").asLong();
            long length = (long) rows * cols;
            if (rows < 0 || cols < 0 || offset < 0 || offset + length > dataValues) {
                throw new IllegalArgumentException("tensor '" + name + "' of shape [" + rows + ", " + cols
                        + "] at offset " + offset + " lies outside the data section of " + dataValues + " values");
            }
            double[] values = new double[(int) length];
            data.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (offset * Double.BYTES)).slice()
                    .order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
            if (name.startsWith("param/")) {
                parameters.put(name.substring("param/".length()), new Checkpoint.Matrix(rows, cols, values));
            } else if (name.startsWith("optim/") && name.lastIndexOf('/') > "optim/".length()) {
                int slash = name.lastIndexOf('/');
                buffers.computeIfAbsent(name.substring("optim/".length(), slash), k -> new LinkedHashMap<>())
                        .put(name.substring(slash + 1), values);
            } else {
                throw new IllegalArgumentException("tensor name '" + name + "' is neither param/<name> nor"
                        + " optim/<parameter>/<buffer>");
            }
        }

        JsonNode o = required(h, "optimizer");
        OptimizerState optimizer = new OptimizerState(text(o, "name"), required(o, "steps").asLong(),
                number(o, "lr"), buffers);
        JsonNode s = required(h, "schedule");
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(s, "values").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            values.put(e.getKey(), parseDouble(e.getKey(), e.getValue().asText()));
        }
        ScheduleState schedule = new ScheduleState(text(s, "name"), required(s, "intervals").asLong(),
                number(s, "base_lr"), values);
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(h, "config").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            config.put(e.getKey(), e.getValue().asText());
        }
        return new Checkpoint(required(h, "seed").asLong(), required(h, "steps").asLong(),
                required(h, "epoch").asInt(), required(h, "batch").asInt(), order, number(h, "epoch_loss_sum"),
                parameters, optimizer, schedule, config);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("its header lacks the field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static double number(JsonNode node, String field) {
        return parseDouble(field, text(node, field));
    }

    private static double parseDouble(String field, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("header field '" + field + "' is '" + text + "', not a number");
        }
    }

    private static IllegalArgumentException invalid(Path file, String why) {
        return new IllegalArgumentException("invalid checkpoint file " + file + ": " + why);
    }
}
