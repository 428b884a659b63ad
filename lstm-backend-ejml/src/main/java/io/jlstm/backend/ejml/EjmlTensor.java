package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A tensor stored in an EJML {@link DMatrixRMaj}, owned by an {@link EjmlBackend}.
 *
 * <p>The matrix is never reshaped, so its {@code data} array holds exactly {@code rows * cols}
 * values in row-major order.
 */
public final class EjmlTensor implements Tensor {

    private final EjmlBackend backend;
    private final DMatrixRMaj matrix;

    EjmlTensor(EjmlBackend backend, DMatrixRMaj matrix) {
        this.backend = backend;
        this.matrix = matrix;
    }

    /**
     * The underlying matrix, shared and not copied, for handing the values to EJML code. Writes
     * through it change this tensor; reshaping it breaks this tensor.
     */
    public DMatrixRMaj matrix() {
        return matrix;
    }

    @Override
    public int rows() {
        return matrix.numRows;
    }

    @Override
    public int cols() {
        return matrix.numCols;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public double get(int r, int c) {
        checkIndex(r, c);
        return matrix.data[r * matrix.numCols + c];
    }

    @Override
    public void set(int r, int c, double value) {
        checkIndex(r, c);
        matrix.data[r * matrix.numCols + c] = value;
    }

    @Override
    public double[] toArray() {
        double[] values = new double[size()];
        System.arraycopy(matrix.data, 0, values, 0, values.length);
        return values;
    }

    @Override
    public void copyFrom(double[] values) {
        if (values.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " values for a tensor of shape "
                    + Tensor.shapeString(this) + ", got " + values.length);
        }
        System.arraycopy(values, 0, matrix.data, 0, values.length);
    }

    private void checkIndex(int r, int c) {
        if (r < 0 || r >= matrix.numRows || c < 0 || c >= matrix.numCols) {
            throw new IndexOutOfBoundsException("index (" + r + ", " + c + ") outside " + Tensor.shapeString(this));
        }
    }

    @Override
    public String toString() {
        return "EjmlTensor" + Tensor.shapeString(this);
    }
}
