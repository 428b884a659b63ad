package io.jlstm.api.model;

import io.jlstm.api.cell.CellFactory;
import io.jlstm.api.cell.CellRegistry;
import io.jlstm.api.cell.CellSpec;
import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.layer.BidirectionalLayer;
import io.jlstm.api.layer.Dense;
import io.jlstm.api.layer.Dropout;
import io.jlstm.api.layer.RecurrentLayer;
import io.jlstm.api.layer.SequenceLayer;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a {@link SequenceModel} from a cell type and the network's shape. Defaults: cell
 * {@code lstm}, sizes 1, one layer, no projection, one direction, no dropout, many-to-many head,
 * seed 42.
 *
 * <pre>{@code
 * SequenceModel model = SequenceModel.builder(backend).cell("gru").inputSize(3).hiddenSize(32)
 *         .outputSize(1).layers(2).dropout(0.2).bidirectional(true).seed(7).build();
 * }</pre>
 */
public final class SequenceModelBuilder {

    /** Mixed into the seed for the dropout masks, so they do not share the initialization's draws. */
    private static final long DROPOUT_SEED_MIX = 0x9E3779B97F4A7C15L;

    private final Backend backend;
    private CellRegistry registry;
    private String cellName = "lstm";
    private CellFactory factory;
    private int inputSize = 1;
    private int hiddenSize = 1;
    private int outputSize = 1;
    private int layers = 1;
    private int projectionSize;
    private boolean bidirectional;
    private double dropout;
    private SequenceModel.Head head = SequenceModel.Head.MANY_TO_MANY;
    private long seed = 42L;

    SequenceModelBuilder(Backend backend) {
        this.backend = backend;
    }

    /** Cell type by registered name, looked up in the registry at {@link #build()}. */
    public SequenceModelBuilder cell(String name) {
        this.cellName = name;
        this.factory = null;
        return this;
    }

    /** Cell type given directly, bypassing the registry. */
    public SequenceModelBuilder cell(CellFactory cellFactory) {
        this.factory = cellFactory;
        this.cellName = cellFactory.name();
        return this;
    }

    /** The registry that resolves cell names; default {@link CellRegistry#discover()}. */
    public SequenceModelBuilder registry(CellRegistry cellRegistry) {
        this.registry = cellRegistry;
        return this;
    }

    /** Input features per step. */
    public SequenceModelBuilder inputSize(int size) {
        this.inputSize = size;
        return this;
    }

    /** Hidden units per direction of each layer. */
    public SequenceModelBuilder hiddenSize(int size) {
        this.hiddenSize = size;
        return this;
    }

    /** Output features of the head. */
    public SequenceModelBuilder outputSize(int size) {
        this.outputSize = size;
        return this;
    }

    /** Number of stacked layers. */
    public SequenceModelBuilder layers(int count) {
        this.layers = count;
        return this;
    }

    /** LSTM projection size {@code P} (PyTorch's {@code proj_size}); 0 for none. */
    public SequenceModelBuilder projectionSize(int size) {
        this.projectionSize = size;
        return this;
    }

    /** Whether every layer runs in both directions. */
    public SequenceModelBuilder bidirectional(boolean both) {
        this.bidirectional = both;
        return this;
    }

    /** Inverted-dropout probability on the outputs of every layer but the last, in {@code [0, 1)}. */
    public SequenceModelBuilder dropout(double probability) {
        this.dropout = probability;
        return this;
    }

    /** Where the head reads the recurrent outputs. */
    public SequenceModelBuilder head(SequenceModel.Head placement) {
        this.head = placement;
        return this;
    }

    /** Seed of the initialization and of the dropout masks. */
    public SequenceModelBuilder seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Builds and initializes the model as PyTorch does (see {@link SequenceModel#initialize}).
     *
     * @throws IllegalArgumentException if the cell type is unknown, a size is out of range, or the
     *     cell type does not support a requested projection
     */
    public SequenceModel build() {
        Shapes.requirePositive("number of layers", layers);
        Shapes.requirePositive("output size", outputSize);
        CellRegistry cells = registry != null ? registry : CellRegistry.discover();
        CellFactory cellFactory = factory != null ? factory : cells.get(cellName);
        if (projectionSize > 0 && !cellFactory.supportsProjection()) {
            throw new IllegalArgumentException("cell type '" + cellFactory.name() + "' does not support a"
                    + " projection, but projection size " + projectionSize + " was requested; use projection"
                    + " size 0 or a cell type that supports it (lstm)");
        }

        List<SequenceLayer> stack = new ArrayList<>();
        int layerInput = inputSize;
        for (int k = 0; k < layers; k++) {
            CellSpec spec = new CellSpec(layerInput, hiddenSize, projectionSize, k, false);
            RecurrentLayer forward = new RecurrentLayer(create(cellFactory, spec));
            SequenceLayer layer = bidirectional
                    ? new BidirectionalLayer(forward, new RecurrentLayer(create(cellFactory, spec.reversed())))
                    : forward;
            stack.add(layer);
            layerInput = layer.outputSize();
        }
        Dropout masks = dropout == 0.0 ? null : new Dropout(dropout, seed ^ DROPOUT_SEED_MIX);
        SequenceModel model = new SequenceModel(cellFactory.moduleName(), stack, "head",
                new Dense(backend, layerInput, outputSize), head, masks);
        model.initialize(new SplittableRandom(seed));
        return model;
    }

    private RecurrentCell create(CellFactory cellFactory, CellSpec spec) {
        RecurrentCell cell = cellFactory.create(backend, spec);
        if (cell.inputSize() != spec.inputSize() || cell.outputSize() != spec.outputSize()) {
            throw new IllegalStateException("cell factory '" + cellFactory.name() + "' built a cell with input size "
                    + cell.inputSize() + " and output size " + cell.outputSize() + ", but the spec asks for "
                    + spec.inputSize() + " and " + spec.outputSize());
        }
        return cell;
    }
}
