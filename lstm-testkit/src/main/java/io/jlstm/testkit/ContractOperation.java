package io.jlstm.testkit;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Tensor;

/**
 * Every {@link Backend} operation that takes tensors, with operand shapes that fit together, for the
 * contract properties that hand an operation one bad operand (another backend's tensor, or a wrong
 * shape) and expect it to be rejected.
 */
enum ContractOperation {
    GEMM(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols}, {cols, rows + 1}, {rows, rows + 1}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.gemm(false, false, 1.5, operands[0], operands[1], 0.5, operands[2]);
        }
    },
    COPY(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.copy(operands[0], operands[1]);
        }
    },
    FILL(Resize.NONE) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.fill(operands[0], 2.0);
        }
    },
    // Copies every row, so a src or dst with more rows would still be valid; only columns can break it.
    COPY_ROWS(Resize.COLUMNS) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.copyRows(operands[0], 0, operands[1], 0, operands[0].rows());
        }
    },
    // A wider src would still hold the block, so only rows can break it.
    GET_COLUMNS(Resize.ROWS) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols + 2}, {rows, cols}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.getColumns(operands[0], 1, operands[1]);
        }
    },
    SET_COLUMNS(Resize.ROWS) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols}, {rows, cols + 2}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.setColumns(operands[0], operands[1], 1);
        }
    },
    TRANSPOSE(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols}, {cols, rows}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.transpose(operands[0], operands[1]);
        }
    },
    SIGMOID(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.sigmoid(operands[0], operands[1]);
        }
    },
    TANH(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.tanh(operands[0], operands[1]);
        }
    },
    SIGMOID_DERIVATIVE(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.sigmoidDerivative(operands[0], operands[1]);
        }
    },
    TANH_DERIVATIVE(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.tanhDerivative(operands[0], operands[1]);
        }
    },
    RELU(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.relu(operands[0], operands[1]);
        }
    },
    RELU_DERIVATIVE(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.reluDerivative(operands[0], operands[1]);
        }
    },
    MUL(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return same(3, rows, cols);
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.mul(operands[0], operands[1], operands[2]);
        }
    },
    ADD(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return same(3, rows, cols);
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.add(operands[0], operands[1], operands[2]);
        }
    },
    SUB(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return same(3, rows, cols);
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.sub(operands[0], operands[1], operands[2]);
        }
    },
    AXPY(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.axpy(-0.5, operands[0], operands[1]);
        }
    },
    SCALE(Resize.ANY) {
        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.scale(3.0, operands[0], operands[1]);
        }
    },
    ADD_ROW_VECTOR(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols}, {1, cols}, {rows, cols}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.addRowVector(operands[0], operands[1], operands[2]);
        }
    },
    // Any number of rows can be summed, so only columns can break it.
    SUM_ROWS(Resize.COLUMNS) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols}, {1, cols}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.sumRows(operands[0], 1.0, operands[1]);
        }
    },
    SUM_OF_SQUARES(Resize.NONE) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, cols}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.sumOfSquares(operands[0]);
        }
    },
    /** Operands gates, cPrev, c, tanhC, h; {@code cols} is the hidden size. */
    LSTM_FORWARD(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, 4 * cols}, {rows, cols}, {rows, cols}, {rows, cols}, {rows, cols}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.lstmPointwiseForward(operands[0], operands[1], operands[2], operands[3], operands[4],
                    Scratch.allocate(backend, 5, operands[1].rows(), operands[1].cols()));
        }
    },
    /** Operands acts, cPrev, tanhC, dh, dc, dGates; {@code cols} is the hidden size. */
    LSTM_BACKWARD(Resize.ANY) {
        @Override
        int[][] shapes(int rows, int cols) {
            return new int[][] {{rows, 4 * cols}, {rows, cols}, {rows, cols}, {rows, cols}, {rows, cols},
                {rows, 4 * cols}};
        }

        @Override
        void apply(Backend backend, Tensor[] operands) {
            backend.lstmPointwiseBackward(operands[0], operands[1], operands[2], operands[3], operands[4],
                    operands[5], Scratch.allocate(backend, 5, operands[1].rows(), operands[1].cols()));
        }
    };

    /** The dimensions of one operand that can grow so that the operation becomes invalid. */
    enum Resize {
        /** No other operand constrains the shape. */
        NONE,
        /** Rows only. */
        ROWS,
        /** Columns only. */
        COLUMNS,
        /** Rows, columns or both. */
        ANY
    }

    private final Resize resize;

    ContractOperation(Resize resize) {
        this.resize = resize;
    }

    /** The dimensions that can grow to make a valid call invalid. */
    Resize resize() {
        return resize;
    }

    /** Shapes of operands that fit together, as {@code {rows, cols}} pairs; two {@code rows x cols} by default. */
    int[][] shapes(int rows, int cols) {
        return same(2, rows, cols);
    }

    /** Runs the operation on {@code operands}, which have the shapes of {@link #shapes} or one bad one. */
    abstract void apply(Backend backend, Tensor[] operands);

    private static int[][] same(int count, int rows, int cols) {
        int[][] shapes = new int[count][];
        for (int k = 0; k < count; k++) {
            shapes[k] = new int[] {rows, cols};
        }
        return shapes;
    }
}
