package io.jlstm.training.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import io.jlstm.training.optim.OptimizerState;
import io.jlstm.training.schedule.ScheduleState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes a {@link Checkpoint} as one safetensors file.
 *
 * <p>The tensors are float64: {@code param/<parameter>} with shape {@code [rows, cols]},
 * {@code optim/<parameter>/<buffer>} with its parameter's shape, and
 * {@code listener/<state name>/<tensor>} with shape {@code [rows, cols]}. The safetensors metadata
 * contains {@code format = jlstm-checkpoint}, {@code version = 1} and {@code state}, a JSON document
 * with the scalars: seed, steps, epoch, batch, epoch_loss_sum, order, optimizer (name, steps, lr),
 * schedule (name, intervals, base_lr, values), config, and listeners (the values of each listener
 * state by state name). A file without listeners, as written before listener states were added,
 * reads as a checkpoint without listener states. Numbers that must survive exactly, such
 * as learning rates, are JSON strings in Java's {@code Double.toString} form, which round-trips
 * and spells infinities.
 *
 * <p>{@link #write} goes through {@link Safetensors#write}, which writes a temporary file in the
 * target directory, forces it to disk and moves it over the target atomically, so the target is
 * always either the previous complete checkpoint or the new one.
 */
public final class CheckpointFile {

    /** Name of the checkpoint file inside a checkpoint directory. */
    public static final String FILE_NAME = "checkpoint.safetensors";

    private static final String FORMAT = "jlstm-checkpoint";
    private static final String VERSION = "1";
    private static final String PARAM = "param/";
    private static final String OPTIM = "optim/";
    private static final String LISTENER = "listener/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    /**
     * Writes {@code checkpoint} to {@code target} atomically.
     *
     * @throws IOException if the directory is not writable; the previous file at {@code target}
     *     is then left unchanged
     */
    public static void write(Checkpoint checkpoint, Path target) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        checkpoint.parameters().forEach((name, m) -> tensors.put(PARAM + name,
                new TensorData(new long[] {m.rows(), m.cols()}, m.values())));
        checkpoint.optimizer().buffers().forEach((param, buffers) -> buffers.forEach((buffer, values) -> {
            Checkpoint.Matrix shape = checkpoint.parameters().get(param);
            long[] dims = shape != null && (long) shape.rows() * shape.cols() == values.length
                    ? new long[] {shape.rows(), shape.cols()} : new long[] {values.length};
            tensors.put(OPTIM + param + "/" + buffer, new TensorData(dims, values));
        }));
        checkpoint.listeners().forEach((listener, state) -> state.tensors().forEach((name, m) ->
                tensors.put(LISTENER + listener + "/" + name, new TensorData(new long[] {m.rows(), m.cols()},
                        m.values()))));

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("version", VERSION);
        metadata.put("state", JSON.writeValueAsString(state(checkpoint)));
        Safetensors.write(target, tensors, metadata);
    }

    /**
     * Reads a checkpoint written by {@link #write}.
     *
     * @throws IOException if the file cannot be read or is not valid safetensors, naming it
     * @throws IllegalArgumentException if the file is safetensors but not a valid checkpoint,
     *     naming the file and the first problem found
     */
    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint file not found: " + file);
        }
        return parse(Safetensors.read(file), file.toString());
    }

    /**
     * Parses checkpoint bytes held in memory, as {@link #read(Path)} does for a file.
     *
     * @param source name of the bytes' origin for error messages
     * @throws io.jlstm.training.io.SafetensorsException if the bytes are not valid safetensors
     * @throws IllegalArgumentException if they are safetensors but not a valid checkpoint
     */
    public static Checkpoint read(byte[] bytes, String source) throws IOException {
        return parse(Safetensors.read(bytes, source), source);
    }

    private static Checkpoint parse(SafetensorsFile contents, String source) {
        Map<String, String> metadata = contents.metadata();
        if (!FORMAT.equals(metadata.get("format")) || !VERSION.equals(metadata.get("version"))) {
            throw invalid(source, "its metadata has format '" + metadata.get("format") + "' and version '"
                    + metadata.get("version") + "', expected " + FORMAT + " version " + VERSION);
        }
        JsonNode state;
        try {
            state = JSON.readTree(metadata.getOrDefault("state", ""));
        } catch (JsonProcessingException e) {
            throw invalid(source, "its state metadata is not valid JSON: " + e.getOriginalMessage());
        }
        if (!state.isObject()) {
            throw invalid(source, "its state metadata is " + state + ", expected a JSON object");
        }
        try {
            return parse(state, contents.tensors());
        } catch (IllegalArgumentException e) {
            throw invalid(source, e.getMessage());
        }
    }

    private static ObjectNode state(Checkpoint c) {
        ObjectNode root = JSON.createObjectNode();
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

        ObjectNode listeners = root.putObject("listeners");
        c.listeners().forEach((name, state) -> {
            ObjectNode listener = listeners.putObject(name);
            state.values().forEach(listener::put);
        });
        return root;
    }

    private static Checkpoint parse(JsonNode h, Map<String, TensorData> tensors) {
        JsonNode orderNode = required(h, "order");
        if (!orderNode.isArray()) {
            throw new IllegalArgumentException("its state field 'order' is " + orderNode
                    + ", expected a JSON array of sample indices");
        }
        int[] order = new int[orderNode.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = (int) integer(orderNode.get(k), "'order[" + k + "]'", 0, Integer.MAX_VALUE);
        }

        Map<String, Checkpoint.Matrix> parameters = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> buffers = new LinkedHashMap<>();
        Map<String, Map<String, Checkpoint.Matrix>> listenerTensors = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            String name = e.getKey();
            TensorData t = e.getValue();
            if (name.startsWith(PARAM)) {
                if (t.shape().length != 2) {
                    throw new IllegalArgumentException("tensor '" + name + "' has shape " + t.shapeText()
                            + ", expected [rows, cols]");
                }
                parameters.put(name.substring(PARAM.length()),
                        new Checkpoint.Matrix((int) t.shape()[0], (int) t.shape()[1], t.data()));
            } else if (name.startsWith(OPTIM) && name.lastIndexOf('/') > OPTIM.length()) {
                int slash = name.lastIndexOf('/');
                buffers.computeIfAbsent(name.substring(OPTIM.length(), slash), k -> new LinkedHashMap<>())
                        .put(name.substring(slash + 1), t.data());
            } else if (name.startsWith(LISTENER) && name.indexOf('/', LISTENER.length()) > LISTENER.length()) {
                if (t.shape().length != 2) {
                    throw new IllegalArgumentException("tensor '" + name + "' has shape " + t.shapeText()
                            + ", expected [rows, cols]");
                }
                int slash = name.indexOf('/', LISTENER.length());
                listenerTensors.computeIfAbsent(name.substring(LISTENER.length(), slash), k -> new LinkedHashMap<>())
                        .put(name.substring(slash + 1),
                                new Checkpoint.Matrix((int) t.shape()[0], (int) t.shape()[1], t.data()));
            } else {
                throw new IllegalArgumentException("tensor name '" + name + "' is neither " + PARAM + "<parameter>, "
                        + OPTIM + "<parameter>/<buffer> nor " + LISTENER + "<state name>/<tensor>");
            }
        }

        JsonNode o = object(h, "optimizer");
        OptimizerState optimizer = new OptimizerState(text(o, "name"), integerField(o, "steps", 0, Long.MAX_VALUE),
                number(o, "lr"), buffers);
        JsonNode s = object(h, "schedule");
        Map<String, Double> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(s, "values").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String text = scalar(e.getValue(), "schedule value '" + e.getKey() + "'");
            values.put(e.getKey(), parseDouble(e.getKey(), text));
        }
        ScheduleState schedule = new ScheduleState(text(s, "name"), integerField(s, "intervals", 0, Long.MAX_VALUE),
                number(s, "base_lr"), values);
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object(h, "config").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            config.put(e.getKey(), scalar(e.getValue(), "config value '" + e.getKey() + "'"));
        }
        Map<String, ListenerState> listeners = listenerStates(h.get("listeners"), listenerTensors);
        return new Checkpoint(integerField(h, "seed", Long.MIN_VALUE, Long.MAX_VALUE),
                integerField(h, "steps", 0, Long.MAX_VALUE), (int) integerField(h, "epoch", 1, Integer.MAX_VALUE),
                (int) integerField(h, "batch", 0, Integer.MAX_VALUE), order, number(h, "epoch_loss_sum"), parameters,
                optimizer, schedule, config, listeners);
    }

    /**
     * Joins the listener values of the state metadata ({@code null} in files written before listener
     * states existed) with the listener tensors.
     */
    private static Map<String, ListenerState> listenerStates(JsonNode node,
            Map<String, Map<String, Checkpoint.Matrix>> tensors) {
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("its state field 'listeners' is not a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> listener = it.next();
                if (!listener.getValue().isObject()) {
                    throw new IllegalArgumentException("its state of listener '" + listener.getKey()
                            + "' is not a JSON object");
                }
                Map<String, String> fields = new LinkedHashMap<>();
                listener.getValue().fields().forEachRemaining(f -> fields.put(f.getKey(),
                        scalar(f.getValue(), "value '" + f.getKey() + "' of listener '" + listener.getKey() + "'")));
                values.put(listener.getKey(), fields);
            }
        }
        for (String name : tensors.keySet()) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("it has tensors of listener '" + name + "' but no state of that"
                        + " listener in its metadata");
            }
        }

        Map<String, ListenerState> states = new LinkedHashMap<>();
        values.forEach((name, fields) -> states.put(name, new ListenerState(fields,
                tensors.getOrDefault(name, Map.of()))));
        return states;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("its state metadata lacks the field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode node, String field) {
        return scalar(required(node, field), "field '" + field + "'");
    }

    private static JsonNode object(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isObject()) {
            throw new IllegalArgumentException("its state field '" + field + "' is " + v + ", expected a JSON object");
        }
        return v;
    }

    /** Returns a string, number or boolean as text; {@code what} names the value in the error. */
    private static String scalar(JsonNode v, String what) {
        if (!v.isValueNode() || v.isNull()) {
            throw new IllegalArgumentException("its state " + what + " is " + v
                    + ", expected a JSON string, number or boolean");
        }
        return v.asText();
    }

    private static long integerField(JsonNode node, String field, long min, long max) {
        return integer(required(node, field), "'" + field + "'", min, max);
    }

    /**
     * Returns a JSON integer in {@code min..max}. Strings, fractions and out-of-range numbers are
     * rejected, where Jackson's {@code asLong} would read them as 0 or truncate them.
     */
    private static long integer(JsonNode v, String what, long min, long max) {
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException("its state field " + what + " is " + v + ", expected an integer in "
                    + min + ".." + max);
        }
        return v.asLong();
    }

    private static double number(JsonNode node, String field) {
        return parseDouble(field, text(node, field));
    }

    private static double parseDouble(String field, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("state field '" + field + "' is '" + text + "', not a number");
        }
    }

    private static IllegalArgumentException invalid(String source, String why) {
        return new IllegalArgumentException("invalid checkpoint file " + source + ": " + why);
    }
}
