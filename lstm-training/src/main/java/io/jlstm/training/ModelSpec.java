package io.jlstm.training;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * The architecture of a sequence model, enough to rebuild it: cell type, sizes, number of layers,
 * cell-specific options (as strings) and the module names that prefix the parameter names
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

    /** Reads the architecture from the {@code model.*} keys of {@code config}. */
    public static ModelSpec fromConfig(JlstmConfig config) {
        return new ModelSpec(config.getString(CoreKeys.MODEL_CELL), config.getInt(CoreKeys.MODEL_INPUT_SIZE),
                config.getInt(CoreKeys.MODEL_HIDDEN), config.getInt(CoreKeys.MODEL_OUTPUT_SIZE),
                config.getInt(CoreKeys.MODEL_LAYERS), Map.of());
    }

    /**
     * Builds the model on {@code backend} with parameters drawn from {@code seed}, named with
     * {@link #recurrentName()} and {@link #headName()}.
     *
     * @throws IllegalArgumentException if the cell type is unknown or a module name is invalid
     */
    public SequenceModel build(Backend backend, long seed) {
        if (!cell.equals("lstm")) {
            throw new IllegalArgumentException("unknown cell type '" + cell + "'; available cells: lstm");
        }
        SequenceModel model = SequenceModel.lstm(backend, inputSize, hiddenSize, outputSize, layers, seed);
        return model.withNames(recurrentName, headName);
    }
}
