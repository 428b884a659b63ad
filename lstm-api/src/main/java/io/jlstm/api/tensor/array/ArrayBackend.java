package io.jlstm.api.tensor.array;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.Arrays;

/**
 * Base of backends that store tensors as row-major {@code double[]} ({@link ArrayTensor}): tensor
 * creation, shape and ownership checks, and every element-wise operation as a plain loop. A
 * subclass supplies its name and the matrix-multiply kernel, and may override any other operation.
 *
 * <p>A tensor belongs to the backend instance that created it; every operation rejects tensors of
 * another instance. The fused LSTM kernels stay the {@link Backend} defaults here; a subclass can
 * override them, checking the operands with {@link #requireLstmForward} and
 * {@link #requireLstmBackward} and running {@link ArrayLstmKernels} on the arrays.
 */
public abstract class ArrayBackend implements Backend {

    /** Side of the square tiles that {@link #transpose} copies. */
    private static final int TRANSPOSE_TILE = 32;

    @Override
    public Tensor zeros(int rows, int cols) {
        Shapes.requireAllocatable(rows, cols);
        return new ArrayTensor(this, rows, cols, new double[rows * cols]);
    }

    @Override
    public Tensor fromArray(int rows, int cols, double[] rowMajor) {
        Shapes.requireAllocatable(rows, cols);
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values for shape [" + rows + " x "
                    + cols + "], got " + rowMajor.length);
        }
        return new ArrayTensor(this, rows, cols, rowMajor.clone());
    }

    @Override
    public Tensor adopt(Tensor t) {
        if (t instanceof ArrayTensor s && s.backend() == this) {
            return t;
        }
        return fromArray(t.rows(), t.cols(), t.toArray());
    }

    /**
     * Checks the shapes and ownership of the operands, then calls
     * {@link #gemm(boolean, boolean, int, int, int, double, double[], double[], double, double[])}.
     */
    @Override
    public final void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta,
            Tensor c) {
        ArrayTensor sa = own(a, "A");
        ArrayTensor sb = own(b, "B");
        ArrayTensor sc = own(c, "C");
        Shapes.requireGemm(transA, transB, a, b, c);
        int m = transA ? sa.cols() : sa.rows();
        int k = transA ? sa.rows() : sa.cols();
        int n = transB ? sb.rows() : sb.cols();
        gemm(transA, transB, m, n, k, alpha, sa.data(), sb.data(), beta, sc.data());
    }

    /**
     * The matrix-multiply kernel {@code C = alpha * op(A) * op(B) + beta * C} on row-major arrays,
     * called after the shape checks: {@code op(A)} is {@code m x k}, {@code op(B)} is
     * {@code k x n}, {@code C} is {@code m x n}. A stored transposed is {@code k x m}, B stored
     * transposed is {@code n x k}. With {@code beta == 0} the kernel must ignore the old contents of
     * C, so NaN in C does not propagate. {@code c} is a different array from {@code a} and {@code b}.
     */
    protected abstract void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
            double[] b, double beta, double[] c);

    @Override
    public void copy(Tensor src, Tensor dst) {
        ArrayTensor s = own(src, "src");
        ArrayTensor d = own(dst, "dst");
        Shapes.requireSame("src", src, "dst", dst);
        System.arraycopy(s.data(), 0, d.data(), 0, s.data().length);
    }

    @Override
    public void fill(Tensor t, double value) {
        Arrays.fill(own(t, "t").data(), value);
    }

    @Override
    public void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int count) {
        ArrayTensor s = own(src, "src");
        ArrayTensor d = own(dst, "dst");
        Shapes.requireRowBlock(src, srcRow, dst, dstRow, count);
        System.arraycopy(s.data(), srcRow * s.cols(), d.data(), dstRow * d.cols(), count * s.cols());
    }

    @Override
    public void getColumns(Tensor src, int firstCol, Tensor dst) {
        ArrayTensor s = own(src, "src");
        ArrayTensor d = own(dst, "dst");
        Shapes.requireColumnBlock(src, dst, firstCol);
        for (int r = 0; r < s.rows(); r++) {
            System.arraycopy(s.data(), r * s.cols() + firstCol, d.data(), r * d.cols(), d.cols());
        }
    }

    @Override
    public void setColumns(Tensor src, Tensor dst, int firstCol) {
        ArrayTensor s = own(src, "src");
        ArrayTensor d = own(dst, "dst");
        Shapes.requireColumnBlock(dst, src, firstCol);
        for (int r = 0; r < s.rows(); r++) {
            System.arraycopy(s.data(), r * s.cols(), d.data(), r * d.cols() + firstCol, s.cols());
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Copies 32 x 32 tiles, so that both the rows read and the rows written stay in cache.
     */
    @Override
    public void transpose(Tensor a, Tensor out) {
        ArrayTensor s = own(a, "a");
        ArrayTensor d = own(out, "out");
        Shapes.requireTranspose(a, out);
        double[] src = s.data();
        double[] dst = d.data();
        int rows = s.rows();
        int cols = s.cols();

        for (int r0 = 0; r0 < rows; r0 += TRANSPOSE_TILE) {
            int r1 = Math.min(rows, r0 + TRANSPOSE_TILE);
            for (int c0 = 0; c0 < cols; c0 += TRANSPOSE_TILE) {
                int c1 = Math.min(cols, c0 + TRANSPOSE_TILE);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        dst[c * rows + r] = src[r * cols + c];
                    }
                }
            }
        }
    }

    @Override
    public void sigmoid(Tensor x, Tensor y) {
        double[] xv = own(x, "x").data();
        double[] yv = same(x, y, "y");
        for (int k = 0; k < xv.length; k++) {
            yv[k] = 1.0 / (1.0 + Math.exp(-xv[k]));
        }
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        double[] xv = own(x, "x").data();
        double[] yv = same(x, y, "y");
        for (int k = 0; k < xv.length; k++) {
            yv[k] = Math.tanh(xv[k]);
        }
    }

    @Override
    public void sigmoidDerivative(Tensor y, Tensor out) {
        double[] yv = own(y, "y").data();
        double[] ov = same(y, out, "out");
        for (int k = 0; k < yv.length; k++) {
            ov[k] = yv[k] * (1.0 - yv[k]);
        }
    }

    @Override
    public void tanhDerivative(Tensor y, Tensor out) {
        double[] yv = own(y, "y").data();
        double[] ov = same(y, out, "out");
        for (int k = 0; k < yv.length; k++) {
            ov[k] = 1.0 - yv[k] * yv[k];
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        double[] av = own(a, "a").data();
        double[] bv = same(a, b, "b");
        double[] ov = same(a, out, "out");
        for (int k = 0; k < av.length; k++) {
            ov[k] = av[k] * bv[k];
        }
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        double[] av = own(a, "a").data();
        double[] bv = same(a, b, "b");
        double[] ov = same(a, out, "out");
        for (int k = 0; k < av.length; k++) {
            ov[k] = av[k] + bv[k];
        }
    }

    @Override
    public void sub(Tensor a, Tensor b, Tensor out) {
        double[] av = own(a, "a").data();
        double[] bv = same(a, b, "b");
        double[] ov = same(a, out, "out");
        for (int k = 0; k < av.length; k++) {
            ov[k] = av[k] - bv[k];
        }
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        double[] xv = own(x, "x").data();
        double[] yv = same(x, y, "y");
        for (int k = 0; k < xv.length; k++) {
            yv[k] += alpha * xv[k];
        }
    }

    @Override
    public void scale(double alpha, Tensor x, Tensor out) {
        double[] xv = own(x, "x").data();
        double[] ov = same(x, out, "out");
        for (int k = 0; k < xv.length; k++) {
            ov[k] = alpha * xv[k];
        }
    }

    @Override
    public void addRowVector(Tensor x, Tensor row, Tensor out) {
        ArrayTensor sx = own(x, "x");
        double[] rv = own(row, "row").data();
        double[] ov = same(x, out, "out");
        Shapes.requireRowVector("row vector", row, "x", x);
        double[] xv = sx.data();
        int cols = sx.cols();
        for (int r = 0; r < sx.rows(); r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                ov[base + c] = xv[base + c] + rv[c];
            }
        }
    }

    @Override
    public void sumRows(Tensor x, double beta, Tensor out) {
        ArrayTensor sx = own(x, "x");
        double[] ov = own(out, "out").data();
        Shapes.requireRowVector("row-sum destination", out, "x", x);
        scaleInPlace(ov, beta);
        double[] xv = sx.data();
        int cols = sx.cols();
        for (int r = 0; r < sx.rows(); r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                ov[c] += xv[base + c];
            }
        }
    }

    @Override
    public double sumOfSquares(Tensor x) {
        double[] xv = own(x, "x").data();
        double sum = 0.0;
        for (double v : xv) {
            sum += v * v;
        }
        return sum;
    }

    /** Rejects operands of {@link #lstmPointwiseForward} whose shapes do not fit together. */
    protected static void requireLstmForward(Tensor gates, Tensor cPrev, Tensor c, Tensor tanhC, Tensor h) {
        Shapes.requireSame("cPrev", cPrev, "c", c);
        Shapes.requireSame("cPrev", cPrev, "h", h);
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireShape("gates", gates, cPrev.rows(), 4 * cPrev.cols());
    }

    /** Rejects operands of {@link #lstmPointwiseBackward} whose shapes do not fit together. */
    protected static void requireLstmBackward(Tensor acts, Tensor cPrev, Tensor tanhC, Tensor dh, Tensor dc,
            Tensor dGates) {
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireSame("cPrev", cPrev, "dh", dh);
        Shapes.requireSame("cPrev", cPrev, "dc", dc);
        Shapes.requireShape("acts", acts, cPrev.rows(), 4 * cPrev.cols());
        Shapes.requireShape("dGates", dGates, cPrev.rows(), 4 * cPrev.cols());
    }

    /** Multiplies every element by {@code beta}; {@code beta == 0} writes zeros, so NaN does not survive. */
    protected static void scaleInPlace(double[] values, double beta) {
        if (beta == 0.0) {
            Arrays.fill(values, 0.0);
        } else if (beta != 1.0) {
            for (int k = 0; k < values.length; k++) {
                values[k] *= beta;
            }
        }
    }

    /**
     * Returns {@code t} as this instance's {@link ArrayTensor}.
     *
     * @throws IllegalArgumentException if another backend or another instance owns {@code t}
     */
    protected final ArrayTensor own(Tensor t, String role) {
        if (t instanceof ArrayTensor s && s.backend() == this) {
            return s;
        }
        throw new IllegalArgumentException("tensor " + role + " " + Tensor.shapeString(t) + " belongs to backend '"
                + t.backend().name() + "', not to this '" + name() + "' instance; convert it with Backend.adopt");
    }

    /** Returns the storage of {@code other} after checking that it is owned here and shaped like {@code first}. */
    protected final double[] same(Tensor first, Tensor other, String role) {
        ArrayTensor s = own(other, role);
        Shapes.requireSame("first operand", first, role, other);
        return s.data();
    }
}
