package io.jlstm.api.cell;

import io.jlstm.api.tensor.Backend;

/**
 * Service-provider entry of a recurrent cell type, found through {@link java.util.ServiceLoader}
 * by {@link CellRegistry}.
 *
 * <p>A jar that adds a cell lists its factory class (public, with a public no-argument
 * constructor) in {@code META-INF/services/io.jlstm.api.cell.CellFactory}. The name is the value
 * users write in the {@code model.cell} configuration key.
 */
public interface CellFactory {

    /** Stable, lower-case name such as {@code lstm} or {@code gru}. */
    String name();

    /** One-line description shown in listings and error messages. */
    String description();

    /**
     * Module name of a stack of these cells in the parameter names of a model from
     * {@link io.jlstm.api.model.SequenceModel#builder}, as the attribute name of a PyTorch module
     * would be: {@code lstm} gives {@code lstm.weight_ih_l0}. Default {@code rnn}.
     */
    default String moduleName() {
        return "rnn";
    }

    /** Whether the cell accepts {@link CellSpec#projectionSize()} above 0. Default false. */
    default boolean supportsProjection() {
        return false;
    }

    /**
     * Creates a cell with zero parameters on {@code backend}; the model initializes them.
     *
     * @throws IllegalArgumentException if the spec does not fit this cell type
     */
    RecurrentCell create(Backend backend, CellSpec spec);
}
