package io.jlstm.examples.cells;

import io.jlstm.api.cell.CellFactory;
import io.jlstm.api.cell.CellSpec;
import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.tensor.Backend;

/**
 * Registers {@link CifgLstmCell} under the name {@code cifg-lstm}, through
 * {@code META-INF/services/io.jlstm.api.cell.CellFactory} of this module.
 */
public final class CifgLstmCellFactory implements CellFactory {

    /** The registered name, the value of {@code model.cell}. */
    public static final String NAME = "cifg-lstm";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "LSTM with coupled input and forget gates (f = 1 - i)";
    }

    @Override
    public String moduleName() {
        return "lstm";
    }

    @Override
    public RecurrentCell create(Backend backend, CellSpec spec) {
        if (spec.hasProjection()) {
            throw new IllegalArgumentException("the cifg-lstm cell has no projection, but projection size "
                    + spec.projectionSize() + " was requested");
        }
        return new CifgLstmCell(backend, spec);
    }
}
