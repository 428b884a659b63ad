package io.jlstm.api.param;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;

/**
 * A trainable tensor with its name and its gradient accumulator of the same shape.
 *
 * <p>Backward passes add into {@link #gradient()}; optimizers read it and update {@link #value()}
 * in place. Names follow PyTorch's state-dict keys, such as {@code weight_ih_l0}.
 */
public final class Parameter {

    private final String name;
    private final Tensor value;
    private final Tensor gradient;
    private final boolean vector;

    /**
     * Wraps {@code value} and allocates a zero gradient on the same backend.
     *
     * @param vector true for a bias, stored as a {@code 1 x n} tensor but written to model files
     *     with the one-dimensional shape {@code [n]} that PyTorch uses
     */
    public Parameter(String name, Tensor value, boolean vector) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank");
        }
        if (vector && value.rows() != 1) {
            throw new IllegalArgumentException("vector parameter '" + name + "' must be a single row, but is "
                    + Tensor.shapeString(value));
        }
        this.name = name;
        this.value = value;
        this.gradient = value.backend().zeros(value.rows(), value.cols());
        this.vector = vector;
    }

    /** Allocates a zero-valued {@code rows x cols} weight matrix. */
    public static Parameter matrix(Backend backend, String name, int rows, int cols) {
        Shapes.requirePositive(name + " rows", rows);
        Shapes.requirePositive(name + " cols", cols);
        return new Parameter(name, backend.zeros(rows, cols), false);
    }

    /** Allocates a zero-valued bias vector of {@code length} elements, stored as {@code 1 x length}. */
    public static Parameter vector(Backend backend, String name, int length) {
        Shapes.requirePositive(name + " length", length);
        return new Parameter(name, backend.zeros(1, length), true);
    }

    /** Whether this parameter is one-dimensional in PyTorch's layout (a bias). */
    public boolean isVector() {
        return vector;
    }

    /** Shape in PyTorch's layout: {@code [n]} for a vector, {@code [rows, cols]} otherwise. */
    public long[] torchShape() {
        return vector ? new long[] {value.cols()} : new long[] {value.rows(), value.cols()};
    }

    /** The state-dict key, such as {@code weight_ih_l0}. */
    public String name() {
        return name;
    }

    /** Current value; optimizers update it in place. */
    public Tensor value() {
        return value;
    }

    /** Accumulated gradient of the loss with respect to {@link #value()}. */
    public Tensor gradient() {
        return gradient;
    }

    /** Sets the gradient to zero. */
    public void zeroGradient() {
        gradient.backend().fill(gradient, 0.0);
    }

    @Override
    public String toString() {
        return name + Tensor.shapeString(value);
    }
}
