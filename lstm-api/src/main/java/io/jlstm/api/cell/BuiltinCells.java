package io.jlstm.api.cell;

import io.jlstm.api.tensor.Backend;

/**
 * The {@link CellFactory} entries of the cells in this package, registered in
 * {@code META-INF/services/io.jlstm.api.cell.CellFactory} of {@code lstm-api}.
 */
public final class BuiltinCells {

    private BuiltinCells() {
    }

    /** {@code lstm}: {@link LstmCell}, or {@link ProjectedLstmCell} when a projection size is set. */
    public static final class Lstm implements CellFactory {
        @Override
        public String name() {
            return "lstm";
        }

        @Override
        public String description() {
            return "LSTM as PyTorch's nn.LSTM (gates i, f, g, o), with an optional projection (proj_size)";
        }

        @Override
        public String moduleName() {
            return "lstm";
        }

        @Override
        public boolean supportsProjection() {
            return true;
        }

        @Override
        public RecurrentCell create(Backend backend, CellSpec spec) {
            return spec.hasProjection() ? new ProjectedLstmCell(backend, spec) : new LstmCell(backend, spec);
        }
    }

    /** {@code gru}: {@link GruCell}. */
    public static final class Gru implements CellFactory {
        @Override
        public String name() {
            return "gru";
        }

        @Override
        public String description() {
            return "GRU as PyTorch's nn.GRU (gates r, z, n; b_hn inside the reset product)";
        }

        @Override
        public String moduleName() {
            return "gru";
        }

        @Override
        public RecurrentCell create(Backend backend, CellSpec spec) {
            return new GruCell(backend, spec);
        }
    }

    /** {@code rnn-tanh}: {@link ElmanRnnCell} with tanh. */
    public static final class RnnTanh implements CellFactory {
        @Override
        public String name() {
            return "rnn-tanh";
        }

        @Override
        public String description() {
            return "Elman RNN with tanh as PyTorch's nn.RNN(nonlinearity='tanh')";
        }

        @Override
        public RecurrentCell create(Backend backend, CellSpec spec) {
            return new ElmanRnnCell(backend, spec, ElmanRnnCell.Activation.TANH);
        }
    }

    /** {@code rnn-relu}: {@link ElmanRnnCell} with ReLU. */
    public static final class RnnRelu implements CellFactory {
        @Override
        public String name() {
            return "rnn-relu";
        }

        @Override
        public String description() {
            return "Elman RNN with ReLU as PyTorch's nn.RNN(nonlinearity='relu')";
        }

        @Override
        public RecurrentCell create(Backend backend, CellSpec spec) {
            return new ElmanRnnCell(backend, spec, ElmanRnnCell.Activation.RELU);
        }
    }

    /** {@code peephole-lstm}: {@link PeepholeLstmCell}. */
    public static final class PeepholeLstm implements CellFactory {
        @Override
        public String name() {
            return "peephole-lstm";
        }

        @Override
        public String description() {
            return "LSTM with peephole connections (Gers and Schmidhuber; DL4J's GravesLSTM)";
        }

        @Override
        public String moduleName() {
            return "lstm";
        }

        @Override
        public RecurrentCell create(Backend backend, CellSpec spec) {
            return new PeepholeLstmCell(backend, spec);
        }
    }
}
