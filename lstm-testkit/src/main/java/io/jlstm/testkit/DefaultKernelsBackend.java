package io.jlstm.testkit;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;

/**
 * Forwards every primitive operation to a backend but keeps the default, primitive-built fused LSTM
 * kernels of {@link Backend}, so that a backend's overridden kernels can be compared with the
 * defaults running on that backend's own primitives. Tensors belong to the wrapped backend.
 */
final class DefaultKernelsBackend implements Backend {

    private final Backend backend;

    DefaultKernelsBackend(Backend backend) {
        this.backend = backend;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        return backend.zeros(rows, cols);
    }

    @Override
    public Tensor fromArray(int rows, int cols, double[] rowMajor) {
        return backend.fromArray(rows, cols, rowMajor);
    }

    @Override
    public Tensor adopt(Tensor t) {
        return backend.adopt(t);
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        backend.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        backend.copy(src, dst);
    }

    @Override
    public void fill(Tensor t, double value) {
        backend.fill(t, value);
    }

    @Override
    public void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int count) {
        backend.copyRows(src, srcRow, dst, dstRow, count);
    }

    @Override
    public void getColumns(Tensor src, int firstCol, Tensor dst) {
        backend.getColumns(src, firstCol, dst);
    }

    @Override
    public void setColumns(Tensor src, Tensor dst, int firstCol) {
        backend.setColumns(src, dst, firstCol);
    }

    @Override
    public void sigmoid(Tensor x, Tensor y) {
        backend.sigmoid(x, y);
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        backend.tanh(x, y);
    }

    @Override
    public void sigmoidDerivative(Tensor y, Tensor out) {
        backend.sigmoidDerivative(y, out);
    }

    @Override
    public void tanhDerivative(Tensor y, Tensor out) {
        backend.tanhDerivative(y, out);
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        backend.mul(a, b, out);
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        backend.add(a, b, out);
    }

    @Override
    public void sub(Tensor a, Tensor b, Tensor out) {
        backend.sub(a, b, out);
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        backend.axpy(alpha, x, y);
    }

    @Override
    public void scale(double alpha, Tensor x, Tensor out) {
        backend.scale(alpha, x, out);
    }

    @Override
    public void addRowVector(Tensor x, Tensor row, Tensor out) {
        backend.addRowVector(x, row, out);
    }

    @Override
    public void sumRows(Tensor x, double beta, Tensor out) {
        backend.sumRows(x, beta, out);
    }

    @Override
    public double sumOfSquares(Tensor x) {
        return backend.sumOfSquares(x);
    }
}
