package io.jlstm.api.tensor.array;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;

/**
 * A tensor stored as one row-major {@code double[]} of length {@code rows * cols}, owned by an
 * {@link ArrayBackend}. Element {@code (r, c)} is {@code data()[r * cols + c]}.
 */
public final class ArrayTensor implements Tensor {

    private final int rows;
    private final int cols;
    private final double[] data;
    private final ArrayBackend backend;

    ArrayTensor(ArrayBackend backend, int rows, int cols, double[] data) {
        this.backend = backend;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    /**
     * The live storage, not a copy: kernels of the owning backend read and write it directly.
     * Writing into it bypasses the backend's shape checks.
     */
    public double[] data() {
        return data;
    }

    @Override
    public double get(int r, int c) {
        checkIndex(r, c);
        return data[r * cols + c];
    }

    @Override
    public void set(int r, int c, double value) {
        checkIndex(r, c);
        data[r * cols + c] = value;
    }

    @Override
    public double[] toArray() {
        return data.clone();
    }

    @Override
    public void copyFrom(double[] values) {
        if (values.length != data.length) {
            throw new IllegalArgumentException("expected " + data.length + " values for a tensor of shape "
                    + Tensor.shapeString(this) + ", got " + values.length);
        }
        System.arraycopy(values, 0, data, 0, data.length);
    }

    private void checkIndex(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("index (" + r + ", " + c + ") outside " + Tensor.shapeString(this));
        }
    }

    @Override
    public String toString() {
        return "ArrayTensor" + Tensor.shapeString(this) + " of backend " + backend.name();
    }
}
