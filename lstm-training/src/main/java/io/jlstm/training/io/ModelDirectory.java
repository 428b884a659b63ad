package io.jlstm.training.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A saved model: a directory holding {@value #WEIGHTS_FILE} (float64, PyTorch-style names such as
 * {@code lstm.weight_ih_l0}) and {@value #MODEL_FILE}, a JSON document with the format version, the
 * architecture, the SHA-256 of the weights, and any further sections the caller adds (preprocessing,
 * training settings, metrics, provenance).
 *
 * <p>Both files are written atomically: the weights first under {@value #STAGED_WEIGHTS_FILE}, then
 * the document, then the weights are renamed into place. A process killed at any point leaves a
 * directory that loads as the previous model or the new one. The checksum in {@value #MODEL_FILE}
 * lets a load detect weights that do not belong to the document, such as a corrupted copy. Never
 * Java serialization.
 */
public final class ModelDirectory {

    /** Name of the weights file inside a model directory. */
    public static final String WEIGHTS_FILE = "weights.safetensors";
    /**
     * Name under which {@link #save} writes new weights before it replaces {@value #MODEL_FILE};
     * present only while a save is in progress or after one was interrupted.
     */
    public static final String STAGED_WEIGHTS_FILE = "weights.next.safetensors";
    /** Name of the JSON document inside a model directory. */
    public static final String MODEL_FILE = "model.json";
    /** Format version written by this code; loading rejects newer versions. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ModelDirectory() {
    }

    /** A loaded model with its architecture and the whole {@value #MODEL_FILE} document. */
    public record Loaded(SequenceModel model, ModelSpec spec, ObjectNode document) {
    }

    /** Creates an empty JSON object for the caller's extra sections. */
    public static ObjectNode newSections() {
        return JSON.createObjectNode();
    }

    /** Returns the shared JSON mapper, for callers that build sections from their own objects. */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Saves {@code model} into {@code dir}, creating it if needed.
     *
     * @param sections extra top-level sections of {@value #MODEL_FILE}; keys {@code format},
     *     {@code format_version}, {@code architecture} and {@code weights} are reserved
     */
    public static void save(Path dir, ModelSpec spec, SequenceModel model, ObjectNode sections) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            Parameter p = e.getValue();
            tensors.put(e.getKey(), new TensorData(p.torchShape(), p.value().toArray()));
        }
        byte[] weights = Safetensors.toBytes(tensors, Map.of("format", "pt"));

        ObjectNode doc = JSON.createObjectNode();
        doc.put("format", "jlstm-model");
        doc.put("format_version", FORMAT_VERSION);
        ObjectNode arch = doc.putObject("architecture");
        arch.put("cell", spec.cell());
        arch.put("recurrent_name", model.recurrentName());
        arch.put("head_name", model.headName());
        arch.put("input_size", spec.inputSize());
        arch.put("hidden_size", spec.hiddenSize());
        arch.put("output_size", spec.outputSize());
        arch.put("layers", spec.layers());
        ObjectNode options = arch.putObject("options");
        spec.options().forEach(options::put);
        ObjectNode weightsNode = doc.putObject("weights");
        weightsNode.put("file", WEIGHTS_FILE);
        weightsNode.put("sha256", sha256(weights));
        if (sections != null) {
            Iterator<Map.Entry<String, JsonNode>> it = sections.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (doc.has(e.getKey())) {
                    throw new IllegalArgumentException("section name '" + e.getKey() + "' is reserved in " + MODEL_FILE);
                }
                doc.set(e.getKey(), e.getValue());
            }
        }

        // Staging the weights keeps the directory loadable if the process dies at any point: before
        // model.json is replaced the old pair is intact, and until the rename the new model.json
        // finds its weights in the staged file by their SHA-256 (see load).
        Files.createDirectories(dir);
        Path staged = dir.resolve(STAGED_WEIGHTS_FILE);
        AtomicFiles.write(staged, weights);
        AtomicFiles.write(dir.resolve(MODEL_FILE), JSON.writeValueAsBytes(doc));
        AtomicFiles.move(staged, dir.resolve(WEIGHTS_FILE));
    }

    /**
     * Loads a model directory onto {@code backend}, checking the document, the checksum and every
     * weight's name and shape against the architecture.
     *
     * @throws ModelFileException naming the file and the problem, including a {@value #MODEL_FILE} or
     *     a {@code weights.file} that points outside {@code dir}, directly or through a symbolic link
     * @throws SafetensorsException if the weights file matches its checksum but is malformed
     */
    public static Loaded load(Path dir, Backend backend) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            Path parent = dir.toAbsolutePath().getParent();
            boolean modelFile = dir.getFileName() != null && (dir.getFileName().toString().equals(MODEL_FILE)
                    || dir.getFileName().toString().equals(WEIGHTS_FILE));
            throw new ModelFileException("model path " + dir + " is a file, not a directory; give the model directory"
                    + " that contains " + MODEL_FILE + (modelFile && parent != null ? ", here " + parent : ""));
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelFileException("model directory not found: " + dir);
        }
        Path modelFile = dir.resolve(MODEL_FILE);
        // A link inside the directory is followed. One that leads elsewhere would let a copied model read any file.
        SafePaths.resolveInside(dir, MODEL_FILE, "file");
        if (!Files.isRegularFile(modelFile)) {
            throw new ModelFileException("missing " + MODEL_FILE + " in model directory " + dir);
        }
        ObjectNode doc = readDocument(modelFile);
        ModelSpec spec = readSpec(doc, modelFile);

        Path weightsFile = SafePaths.resolveInside(dir, text(doc.path("weights"), "file", modelFile, "weights.file"),
                modelFile + ": field \"weights.file\"");
        if (!Files.isRegularFile(weightsFile)) {
            throw new ModelFileException("missing " + dir.relativize(weightsFile) + " in model directory " + dir
                    + " (named by weights.file in " + MODEL_FILE + ")");
        }
        byte[] weightBytes = Files.readAllBytes(weightsFile);
        String expectedSha = text(doc.path("weights"), "sha256", modelFile, "weights.sha256");
        String actualSha = sha256(weightBytes);
        if (!expectedSha.equalsIgnoreCase(actualSha)) {
            byte[] staged = stagedWeights(dir, expectedSha);
            if (staged == null) {
                throw new ModelFileException(weightsFile + " does not match the SHA-256 recorded in " + modelFile
                        + " (expected " + expectedSha + ", found " + actualSha
                        + "); the file was changed or corrupted, or a save was interrupted");
            }
            weightBytes = staged;
        }
        SafetensorsFile weights = Safetensors.read(weightBytes, weightsFile.toString());
        checkParameterCount(spec, weights, modelFile, weightsFile);

        SequenceModel model;
        try {
            model = spec.build(backend, 0L);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(modelFile + ": invalid architecture: " + e.getMessage(), e);
        }
        assign(model, weights, weightsFile);
        return new Loaded(model, spec, doc);
    }

    /**
     * Copies every tensor of {@code weights} into the parameter of the same name, checking that the
     * names match exactly and each shape equals the parameter's PyTorch shape.
     *
     * @throws ModelFileException naming the tensor and the expected shape
     */
    public static void assign(SequenceModel model, SafetensorsFile weights, Path source) throws ModelFileException {
        for (String name : weights.tensors().keySet()) {
            if (!model.parameters().contains(name)) {
                throw new ModelFileException(source + ": tensor '" + name + "' is not a parameter of the model; expected "
                        + model.parameters().names());
            }
        }
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            TensorData t = weights.tensors().get(e.getKey());
            if (t == null) {
                throw new ModelFileException(source + ": missing tensor '" + e.getKey() + "'");
            }
            long[] expected = e.getValue().torchShape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new ModelFileException(source + ": tensor '" + e.getKey() + "' has shape " + t.shapeText()
                        + ", but the architecture needs " + Arrays.toString(expected));
            }
            double[] values = t.data();
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k])) {
                    throw new ModelFileException(source + ": tensor '" + e.getKey() + "' contains " + values[k]
                            + " at flat index " + k + "; every weight must be finite (was the model saved after"
                            + " training diverged?)");
                }
            }
            e.getValue().value().copyFrom(values);
        }
    }

    /**
     * Returns the staged weights when a save was interrupted after writing {@value #MODEL_FILE} and
     * before renaming them, recognised by the SHA-256 the document records; otherwise {@code null}.
     */
    private static byte[] stagedWeights(Path dir, String expectedSha) throws IOException {
        Path staged = dir.resolve(STAGED_WEIGHTS_FILE);
        if (!Files.isRegularFile(staged, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(staged);
        return expectedSha.equalsIgnoreCase(sha256(bytes)) ? bytes : null;
    }

    /**
     * Compares the architecture's parameter count with the values in the weights file before the
     * model is built, so that sizes in {@value #MODEL_FILE} never make the loader allocate more
     * than the weights file holds.
     */
    private static void checkParameterCount(ModelSpec spec, SafetensorsFile weights, Path modelFile,
            Path weightsFile) throws ModelFileException {
        OptionalLong count;
        try {
            count = spec.parameterCount();
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(modelFile + ": invalid architecture: " + e.getMessage(), e);
        }
        if (count.isEmpty()) {
            // NOTE: a cell type from another jar has no size formula, so its model is built unchecked.
            return;
        }
        long needed = count.getAsLong();
        long stored = 0;
        for (TensorData t : weights.tensors().values()) {
            stored += t.data().length;
        }
        if (needed != stored) {
            throw new ModelFileException(modelFile + ": the architecture (" + spec.cell() + ", input " + spec.inputSize()
                    + ", hidden " + spec.hiddenSize() + ", output " + spec.outputSize() + ", " + spec.layers()
                    + " layers) has " + needed + " parameter values, but " + weightsFile + " holds " + stored
                    + "; the document and the weights do not belong together");
        }
    }

    private static ObjectNode readDocument(Path modelFile) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(modelFile));
        } catch (JsonProcessingException e) {
            throw new ModelFileException(modelFile + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new ModelFileException(modelFile + " must contain a JSON object");
        }
        ObjectNode doc = (ObjectNode) node;
        if (!"jlstm-model".equals(doc.path("format").asText())) {
            throw new ModelFileException(modelFile + " is not a jLSTM model document (field \"format\" must be"
                    + " \"jlstm-model\")");
        }
        long version = JsonFields.requireInteger(doc, "format_version", modelFile, "format_version");
        if (version > FORMAT_VERSION || version < 1) {
            throw new ModelFileException(modelFile + " has format_version " + version + ", but this jLSTM reads"
                    + " versions 1.." + FORMAT_VERSION + "; upgrade jLSTM to load it");
        }
        return doc;
    }

    private static ModelSpec readSpec(ObjectNode doc, Path modelFile) throws ModelFileException {
        JsonNode arch = JsonFields.requireObject(doc, "architecture", modelFile, "architecture");
        Map<String, String> options = new LinkedHashMap<>();
        JsonNode optionsNode = arch.path("options");
        if (optionsNode.isObject()) {
            optionsNode.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
        }
        String cell = text(arch, "cell", modelFile, "architecture.cell");
        String recurrentName = arch.has("recurrent_name")
                ? text(arch, "recurrent_name", modelFile, "architecture.recurrent_name") : cell;
        String headName = arch.has("head_name")
                ? text(arch, "head_name", modelFile, "architecture.head_name") : ModelSpec.DEFAULT_HEAD_NAME;
        return new ModelSpec(cell, positive(arch, "input_size", modelFile), positive(arch, "hidden_size", modelFile),
                positive(arch, "output_size", modelFile), positive(arch, "layers", modelFile), options,
                recurrentName, headName);
    }

    private static String text(JsonNode node, String field, Path file, String path) throws ModelFileException {
        return JsonFields.requireText(node, field, file, path);
    }

    private static int positive(JsonNode node, String field, Path file) throws ModelFileException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > 1 << 20) {
            throw new ModelFileException(file + ": field \"architecture." + field + "\" must be an integer in 1.."
                    + (1 << 20) + ", but is " + v);
        }
        return v.asInt();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
