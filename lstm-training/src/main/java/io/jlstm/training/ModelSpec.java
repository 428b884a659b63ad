package io.jlstm.training;

import io.jlstm.api.cell.CellRegistry;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.ModelKeys;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The architecture of a sequence model, enough to rebuild it: cell type, sizes, number of layers,
 * shape options (as strings: {@value #PROJECTION_SIZE}, {@value #BIDIRECTIONAL}, {@value #DROPOUT},
 * {@value #HEAD}) and the module names that prefix the parameter names
 * ({@code recurrentName} for the recurrent stack, {@code headName} for the dense head). Stored in
 * {@code model.json} and built from the {@code model.*} configuration keys.
 */
public record ModelSpec(String cell, int inputSize, int hiddenSize, int outputSize, int layers,
        Map<String, String> options, String recurrentName, String headName) {

    /** Module name of the dense head unless one is given. */
    public static final String DEFAULT_HEAD_NAME = "head";

    /** Copies {@code options} into a sorted, unmodifiable map. */
    public ModelSpec {
        options = Map.copyOf(new TreeMap<>(options));
    }

    /**
     * An architecture with the default module names: the cell type for the recurrent stack (such as
     * {@code lstm}) and {@value #DEFAULT_HEAD_NAME} for the head.
     */
    public ModelSpec(String cell, int inputSize, int hiddenSize, int outputSize, int layers,
            Map<String, String> options) {
        this(cell, inputSize, hiddenSize, outputSize, layers, options, cell, DEFAULT_HEAD_NAME);
    }

    /** Option key of the LSTM projection size; absent means 0. */
    public static final String PROJECTION_SIZE = "proj-size";
    /** Option key of the two-direction switch, {@code true} or {@code false}; absent means false. */
    public static final String BIDIRECTIONAL = "bidirectional";
    /** Option key of the dropout probability between layers; absent means 0. */
    public static final String DROPOUT = "dropout";
    /** Option key of the head placement, {@code many-to-many} or {@code many-to-one}; absent means many-to-many. */
    public static final String HEAD = "head";

    /**
     * Reads the architecture from the {@code model.*} keys of {@code config}. Shape keys at their
     * defaults stay out of {@link #options()}.
     */
    public static ModelSpec fromConfig(JlstmConfig config) {
        Map<String, String> options = new TreeMap<>();
        if (config.getInt(ModelKeys.PROJECTION_SIZE) > 0) {
            options.put(PROJECTION_SIZE, Integer.toString(config.getInt(ModelKeys.PROJECTION_SIZE)));
        }
        if (config.getBoolean(ModelKeys.BIDIRECTIONAL)) {
            options.put(BIDIRECTIONAL, "true");
        }
        if (config.getDouble(ModelKeys.DROPOUT) > 0.0) {
            options.put(DROPOUT, Double.toString(config.getDouble(ModelKeys.DROPOUT)));
        }
        if (!config.getString(ModelKeys.HEAD).equals("many-to-many")) {
            options.put(HEAD, config.getString(ModelKeys.HEAD));
        }
        return new ModelSpec(config.getString(CoreKeys.MODEL_CELL), config.getInt(CoreKeys.MODEL_INPUT_SIZE),
                config.getInt(CoreKeys.MODEL_HIDDEN), config.getInt(CoreKeys.MODEL_OUTPUT_SIZE),
                config.getInt(CoreKeys.MODEL_LAYERS), options);
    }

    /**
     * Returns the number of parameter values the model has, computed from the sizes and options
     * alone so that a loader can compare it with a weights file before allocating anything.
     *
     * @return the count for the built-in cell types ({@code lstm} with or without projection,
     *     {@code gru}, {@code rnn-tanh}, {@code rnn-relu}, {@code peephole-lstm}), or empty for a
     *     cell type registered by another jar
     * @throws IllegalArgumentException if an option is not a number or the count overflows a long
     */
    public OptionalLong parameterCount() {
        // NOTE: keep in step with the cells' parameter shapes; a test compares every built-in cell.
        int gates;
        long extraPerDirection = 0;
        switch (cell) {
            case "lstm" -> gates = 4;
            case "gru" -> gates = 3;
            case "rnn-tanh", "rnn-relu" -> gates = 1;
            case "peephole-lstm" -> {
                gates = 4;
                extraPerDirection = 3L * hiddenSize;
            }
            default -> {
                return OptionalLong.empty();
            }
        }
        int projection = intOption(PROJECTION_SIZE);
        long cellOutput = projection > 0 ? projection : hiddenSize;
        int directions = Boolean.parseBoolean(options.getOrDefault(BIDIRECTIONAL, "false")) ? 2 : 1;
        try {
            long rows = (long) gates * hiddenSize;
            long count = 0;
            long layerInput = inputSize;
            for (int layer = 0; layer < layers; layer++) {
                long perDirection = Math.addExact(Math.multiplyExact(rows, layerInput + cellOutput + 2),
                        extraPerDirection + (projection > 0 ? (long) projection * hiddenSize : 0));
                count = Math.addExact(count, Math.multiplyExact(perDirection, directions));
                layerInput = directions * cellOutput;
            }
            return OptionalLong.of(Math.addExact(count, Math.multiplyExact(outputSize, layerInput + 1)));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the architecture's parameter count overflows a long", e);
        }
    }

    /**
     * Builds the model on {@code backend} with parameters drawn from {@code seed}, named with
     * {@link #recurrentName()} and {@link #headName()}, with the cell types on the class path.
     *
     * @throws IllegalArgumentException if the cell type is unknown, an option is unknown or
     *     invalid, or a module name is invalid
     */
    public SequenceModel build(Backend backend, long seed) {
        return build(backend, seed, CellRegistry.discover());
    }

    /**
     * Builds the model as {@link #build(Backend, long)} does, with the cell types of {@code registry}.
     *
     * @throws IllegalArgumentException if the cell type is unknown (naming the registered ones), an
     *     option is unknown or invalid, or a module name is invalid
     */
    public SequenceModel build(Backend backend, long seed, CellRegistry registry) {
        for (String key : options.keySet()) {
            if (!List.of(PROJECTION_SIZE, BIDIRECTIONAL, DROPOUT, HEAD).contains(key)) {
                throw new IllegalArgumentException("unknown model option '" + key + "'; known options: "
                        + String.join(", ", PROJECTION_SIZE, BIDIRECTIONAL, DROPOUT, HEAD));
            }
        }
        String head = options.getOrDefault(HEAD, "many-to-many");
        if (!head.equals("many-to-many") && !head.equals("many-to-one")) {
            throw new IllegalArgumentException("model option head is '" + head
                    + "', but must be many-to-many or many-to-one");
        }
        SequenceModel model = SequenceModel.builder(backend)
                .registry(registry)
                .cell(cell)
                .inputSize(inputSize)
                .hiddenSize(hiddenSize)
                .outputSize(outputSize)
                .layers(layers)
                .projectionSize(intOption(PROJECTION_SIZE))
                .bidirectional(Boolean.parseBoolean(options.getOrDefault(BIDIRECTIONAL, "false")))
                .dropout(doubleOption(DROPOUT))
                .head(head.equals("many-to-one") ? SequenceModel.Head.MANY_TO_ONE : SequenceModel.Head.MANY_TO_MANY)
                .seed(seed)
                .build();
        return model.withNames(recurrentName, headName);
    }

    private int intOption(String key) {
        String text = options.getOrDefault(key, "0");
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option " + key + " is '" + text + "', but must be an integer", e);
        }
    }

    private double doubleOption(String key) {
        String text = options.getOrDefault(key, "0");
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option " + key + " is '" + text + "', but must be a number", e);
        }
    }
}
