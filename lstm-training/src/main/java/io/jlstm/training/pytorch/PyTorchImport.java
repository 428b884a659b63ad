package io.jlstm.training.pytorch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsException;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a jLSTM model from the state dict of a PyTorch module with one {@code nn.LSTM} (or
 * {@code nn.GRU}) attribute and one {@code nn.Linear} attribute, whatever the attributes are called.
 *
 * <p>The state dict is read from a safetensors file, for example one written by
 * {@code safetensors.torch.save_file(model.state_dict(), path)}. The keys are grouped by module path
 * (everything before the last dot): the module holding {@code weight_ih_l0}, {@code weight_hh_l0},
 * {@code bias_ih_l0}, {@code bias_hh_l0}, ... is the recurrent stack, the module holding
 * {@code weight} and {@code bias} is the head. The input size {@code I}, hidden size {@code H},
 * output size {@code O} and number of layers {@code L} come from the shapes:
 *
 * <pre>
 *   weight_ih_l0  [G*H, I]     weight_ih_lk (k &gt; 0)  [G*H, H]
 *   weight_hh_lk  [G*H, H]     bias_ih_lk, bias_hh_lk  [G*H]
 *   weight        [O, H]       bias                    [O]
 * </pre>
 *
 * <p>where {@code G} is 4 for an LSTM and 3 for a GRU. The model keeps both module paths, so
 * saving it writes the keys it was imported with. Rejected, each with its own error:
 * {@code bidirectional=True} ({@code _reverse} keys), {@code proj_size > 0} ({@code weight_hr_l*}),
 * {@code bias=False} (missing bias keys) and any tensor of another module.
 */
public final class PyTorchImport {

    /** Gate blocks per cell type: the {@code G} in {@code [G*H, I]}. */
    public static final Map<String, Integer> GATE_BLOCKS = Map.of("lstm", 4, "gru", 3);

    private static final Pattern RECURRENT_LEAF = Pattern.compile("(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l"
            + "(\\d+)(_reverse)?");
    private static final Set<String> HEAD_LEAVES = Set.of("weight", "bias");
    private static final int MAX_LAYERS = 1024;

    private PyTorchImport() {
    }

    /**
     * Derives the architecture from the keys and shapes of {@code stateDict}.
     *
     * @param cell {@code lstm} or {@code gru}, or {@code null} to infer it from
     *     {@code weight_hh_l0}: {@code [4H, H]} is an LSTM, {@code [3H, H]} a GRU
     * @param source the file name for error messages
     * @throws SafetensorsException naming the tensor and the expected shape when the state dict is
     *     not one recurrent module plus one linear module, or contains a non-finite value
     */
    public static ModelSpec inspect(SafetensorsFile stateDict, String cell, String source) throws SafetensorsException {
        if (cell != null && !GATE_BLOCKS.containsKey(cell)) {
            throw new IllegalArgumentException("unknown cell type '" + cell + "'; expected one of "
                    + new TreeSet<>(GATE_BLOCKS.keySet()));
        }
        if (stateDict.tensors().isEmpty()) {
            throw new SafetensorsException(source + ": the state dict contains no tensors");
        }
        Modules modules = Modules.group(stateDict, source);

        String recurrent = modules.recurrentPath;
        TensorData hh0 = require(stateDict, recurrent + "weight_hh_l0", source);
        int[] gatesAndHidden = gatesAndHidden(hh0, recurrent + "weight_hh_l0", cell, source);
        int gates = gatesAndHidden[0];
        int hidden = gatesAndHidden[1];
        String cellType = cell;
        if (cellType == null) {
            cellType = gates == 4 ? "lstm" : "gru";
        }
        String blockText = gates + "*hidden";

        TensorData ih0 = require(stateDict, recurrent + "weight_ih_l0", source);
        if (ih0.shape().length != 2 || ih0.shape()[0] != (long) gates * hidden || ih0.shape()[1] < 1) {
            throw shapeError(source, recurrent + "weight_ih_l0", ih0, "[" + gates * hidden + ", input_size] (["
                    + blockText + ", input_size] with hidden " + hidden + " from " + recurrent + "weight_hh_l0)");
        }
        int input = toInt(ih0.shape()[1], recurrent + "weight_ih_l0", source);

        int layers = modules.layerCount;
        for (int k = 0; k < layers; k++) {
            long rows = (long) gates * hidden;
            expect(stateDict, recurrent + "weight_ih_l" + k, new long[] {rows, k == 0 ? input : hidden}, source);
            expect(stateDict, recurrent + "weight_hh_l" + k, new long[] {rows, hidden}, source);
            expect(stateDict, recurrent + "bias_ih_l" + k, new long[] {rows}, source);
            expect(stateDict, recurrent + "bias_hh_l" + k, new long[] {rows}, source);
        }

        String head = modules.headPath;
        TensorData weight = require(stateDict, head + "weight", source);
        if (weight.shape().length != 2 || weight.shape()[0] < 1 || weight.shape()[1] != hidden) {
            throw shapeError(source, head + "weight", weight, "[output_size, " + hidden + "] (the head reads the"
                    + " hidden size " + hidden + " of " + recurrent + "weight_hh_l0)");
        }
        int output = toInt(weight.shape()[0], head + "weight", source);
        expect(stateDict, head + "bias", new long[] {output}, source);

        for (Map.Entry<String, TensorData> e : stateDict.tensors().entrySet()) {
            requireFinite(e.getKey(), e.getValue(), source);
        }
        return new ModelSpec(cellType, input, hidden, output, layers, Map.of(), stripDot(recurrent), stripDot(head));
    }

    /**
     * Builds the model that {@code stateDict} describes on {@code backend} and copies its values in.
     *
     * @throws SafetensorsException as {@link #inspect}, or if this build has no cell of that type
     */
    public static Imported load(SafetensorsFile stateDict, String cell, Backend backend, Path source)
            throws IOException {
        ModelSpec spec = inspect(stateDict, cell, source.toString());
        SequenceModel model;
        try {
            model = spec.build(backend, 0L);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(source + ": cannot build the " + spec.cell() + " model: " + e.getMessage(),
                    e);
        }
        ModelDirectory.assign(model, stateDict, source);
        return new Imported(spec, model);
    }

    /**
     * Reads the state dict in {@code weights} and saves it as a model directory {@code outDir}, with
     * a {@code source} section in {@code model.json} that names the file and keeps its metadata.
     *
     * @throws SafetensorsException if the file is malformed or not a supported state dict
     * @throws IOException if a file cannot be read or written
     */
    public static Imported importFile(Path weights, String cell, Path outDir, Backend backend) throws IOException {
        SafetensorsFile stateDict = Safetensors.read(weights);
        Imported imported = load(stateDict, cell, backend, weights);

        ObjectNode sections = ModelDirectory.newSections();
        ObjectNode sourceNode = sections.putObject("source");
        sourceNode.put("format", "pytorch-state-dict");
        sourceNode.put("file", String.valueOf(weights.getFileName()));
        ObjectNode metadata = sourceNode.putObject("metadata");
        new TreeMap<>(stateDict.metadata()).forEach(metadata::put);
        ModelDirectory.save(outDir, imported.spec(), imported.model(), sections);
        return imported;
    }

    /** An imported model and its architecture. */
    public record Imported(ModelSpec spec, SequenceModel model) {
    }

    private static int[] gatesAndHidden(TensorData hh, String name, String cell, String source)
            throws SafetensorsException {
        long[] shape = hh.shape();
        String expected = cell == null ? "[4*hidden, hidden] for nn.LSTM or [3*hidden, hidden] for nn.GRU"
                : "[" + GATE_BLOCKS.get(cell) + "*hidden, hidden] for " + cell;
        if (shape.length != 2 || shape[1] < 1 || shape[0] % shape[1] != 0) {
            throw shapeError(source, name, hh, expected);
        }
        long blocks = shape[0] / shape[1];
        boolean fits = cell == null ? blocks == 4 || blocks == 3 : blocks == GATE_BLOCKS.get(cell);
        if (!fits) {
            throw shapeError(source, name, hh, expected);
        }
        return new int[] {(int) blocks, toInt(shape[1], name, source)};
    }

    private static void expect(SafetensorsFile stateDict, String name, long[] shape, String source)
            throws SafetensorsException {
        TensorData t = require(stateDict, name, source);
        if (!Arrays.equals(t.shape(), shape)) {
            throw shapeError(source, name, t, Arrays.toString(shape));
        }
    }

    private static TensorData require(SafetensorsFile stateDict, String name, String source)
            throws SafetensorsException {
        TensorData t = stateDict.tensors().get(name);
        if (t == null) {
            String hint = name.contains("bias") ? " (modules created with bias=False are not supported)" : "";
            throw new SafetensorsException(source + ": missing tensor '" + name + "'" + hint);
        }
        return t;
    }

    private static SafetensorsException shapeError(String source, String name, TensorData t, String expected) {
        return new SafetensorsException(source + ": tensor '" + name + "' has shape " + t.shapeText() + ", expected "
                + expected);
    }

    private static int toInt(long size, String name, String source) throws SafetensorsException {
        if (size > 1 << 20) {
            throw new SafetensorsException(source + ": tensor '" + name + "' has a dimension of " + size
                    + ", above the limit of " + (1 << 20));
        }
        return (int) size;
    }

    private static void requireFinite(String name, TensorData t, String source) throws SafetensorsException {
        double[] data = t.data();
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new SafetensorsException(source + ": tensor '" + name + "' contains " + data[k]
                        + " at flat index " + k + "; every weight must be finite");
            }
        }
    }

    private static String stripDot(String path) {
        return path.substring(0, path.length() - 1);
    }

    /** The two module paths of a state dict (each with its trailing dot) and the recurrent layer count. */
    private record Modules(String recurrentPath, String headPath, int layerCount) {

        static Modules group(SafetensorsFile stateDict, String source) throws SafetensorsException {
            Set<String> recurrentPaths = new TreeSet<>();
            Set<String> headPaths = new TreeSet<>();
            int maxLayer = -1;
            for (String key : stateDict.tensors().keySet()) {
                int dot = key.lastIndexOf('.');
                String path = key.substring(0, dot + 1);
                String leaf = key.substring(dot + 1);
                Matcher m = RECURRENT_LEAF.matcher(leaf);
                if (m.matches()) {
                    if (m.group(3) != null) {
                        throw new SafetensorsException(source + ": tensor '" + key + "' belongs to a bidirectional"
                                + " module; jLSTM imports only bidirectional=False");
                    }
                    if (m.group(1).equals("weight_hr")) {
                        throw new SafetensorsException(source + ": tensor '" + key + "' is an LSTM projection;"
                                + " jLSTM imports only proj_size=0");
                    }
                    if (m.group(2).length() > 4 || Integer.parseInt(m.group(2)) >= MAX_LAYERS) {
                        throw new SafetensorsException(source + ": tensor '" + key + "' has a layer index above the"
                                + " limit of " + (MAX_LAYERS - 1));
                    }
                    maxLayer = Math.max(maxLayer, Integer.parseInt(m.group(2)));
                    recurrentPaths.add(path);
                } else if (HEAD_LEAVES.contains(leaf)) {
                    headPaths.add(path);
                } else {
                    throw new SafetensorsException(source + ": tensor '" + key + "' is neither a recurrent parameter"
                            + " (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ...) nor a linear one (weight,"
                            + " bias); export a state dict with only the nn.LSTM or nn.GRU and the nn.Linear module");
                }
            }
            String recurrent = single(recurrentPaths, "recurrent module (keys such as lstm.weight_ih_l0)", source);
            String head = single(headPaths, "nn.Linear module (keys such as linear.weight)", source);
            if (recurrent.equals(head)) {
                throw new SafetensorsException(source + ": module '" + stripDot(recurrent) + "' contains both"
                        + " recurrent and linear parameters; expected them in two modules, such as lstm.* and linear.*");
            }
            return new Modules(recurrent, head, maxLayer + 1);
        }

        private static String single(Set<String> paths, String what, String source) throws SafetensorsException {
            if (paths.isEmpty()) {
                throw new SafetensorsException(source + ": the state dict has no " + what);
            }
            if (paths.size() > 1) {
                throw new SafetensorsException(source + ": the state dict has " + paths.size() + " candidates for the "
                        + what + ": " + paths.stream().map(PyTorchImport::describePath).toList()
                        + "; expected exactly one");
            }
            String path = paths.iterator().next();
            if (path.isEmpty()) {
                throw new SafetensorsException(source + ": the " + what + " has no module name; export the state dict"
                        + " of a module that holds it as an attribute");
            }
            return path;
        }
    }

    private static String describePath(String path) {
        return path.isEmpty() ? "(no module name)" : stripDot(path);
    }
}
