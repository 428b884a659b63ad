package io.jlstm.backend.scalar;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;

/** A row-major {@code double[]} owned by the {@link ScalarBackend}. */
final class ScalarTensor implements Tensor {

    final int rows;
    final int cols;
    final double[] data;
    private final ScalarBackend backend;

    ScalarTensor(ScalarBackend backend, int rows, int cols, double[] data) {
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
        return "ScalarTensor" + Tensor.shapeString(this);
    }
}
