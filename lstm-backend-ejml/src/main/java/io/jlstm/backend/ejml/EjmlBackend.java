package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.api.tensor.array.ArrayLstmKernels;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;

/**
 * Backend on EJML's dense row-major {@link DMatrixRMaj}: GEMM and the block and element-wise
 * operations that EJML offers go through {@link CommonOps_DDRM}, while activations, broadcasts,
 * reductions and the fused LSTM kernels are loops over the matrices' data arrays.
 *
 * <p>Threads: an instance created with more than one thread runs a GEMM of at least
 * {@link #PARALLEL_MIN_MULTIPLY_ADDS} multiply-adds with EJML's {@code CommonOps_MT_DDRM}, on
 * EJML's process-wide fork/join pool (its size is set with {@code EjmlConcurrency.setMaxThreads},
 * which {@link EjmlBackendProvider#create(int)} calls). Every other operation runs on the calling
 * thread. The backend keeps no state between calls, so one instance may be shared by threads that
 * work on distinct tensors, and it accepts tensors created by any {@code EjmlBackend} instance.
 */
public final class EjmlBackend implements Backend {

    /** Provider name of this backend. */
    public static final String NAME = "ejml";

    /**
     * Smallest GEMM, in multiply-adds {@code m * n * k}, that runs on EJML's threaded operations.
     * In {@code GemmThreadingBenchmark} (EJML 0.46.1, JDK 17, 2 idle cores) the threaded product is
     * 1.7x slower than the single-threaded one at 131,072 multiply-adds and even at 524,288. From
     * 2,097,152 on it is 1.5x to 1.9x faster.
     */
    public static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 20;

    private final int threads;

    /** Creates a backend that runs every operation on the calling thread. */
    public EjmlBackend() {
        this(1);
    }

    /**
     * Creates a backend whose large GEMMs use EJML's threaded operations when {@code threads > 1}.
     * The number of worker threads is that of EJML's shared pool, not {@code threads}.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public EjmlBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("EJML backend threads must be at least 1, but is " + threads);
        }
        this.threads = threads;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Returns the thread count this backend was created with; 1 means every operation is single-threaded. */
    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        Shapes.requireAllocatable(rows, cols);
        return new EjmlTensor(this, new DMatrixRMaj(rows, cols));
    }

    @Override
    public Tensor fromArray(int rows, int cols, double[] rowMajor) {
        Shapes.requireAllocatable(rows, cols);
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values for shape [" + rows + " x "
                    + cols + "], got " + rowMajor.length);
        }
        return new EjmlTensor(this, new DMatrixRMaj(rows, cols, true, rowMajor));
    }

    @Override
    public Tensor adopt(Tensor t) {
        if (t instanceof EjmlTensor) {
            return t;
        }
        return fromArray(t.rows(), t.cols(), t.toArray());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs EJML's {@code mult} and {@code multAdd} family, threaded from
     * {@link #PARALLEL_MIN_MULTIPLY_ADDS} on when this instance has more than one thread. EJML's
     * transposed-B products run at less than half the speed of the others (docs/ejml-threading.md),
     * so callers that multiply by the same {@code B^T} often should pass a {@link #transpose}d copy.
     */
    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        DMatrixRMaj ma = own(a, "A");
        DMatrixRMaj mb = own(b, "B");
        DMatrixRMaj mc = own(c, "C");
        Shapes.requireGemm(transA, transB, a, b, c);

        if (beta == 0.0) {
            if (alpha == 0.0) {
                CommonOps_DDRM.fill(mc, 0.0);
            } else if (parallel(ma, mc, transA)) {
                multiplyThreaded(transA, transB, alpha, ma, mb, mc);
            } else {
                multiply(transA, transB, alpha, ma, mb, mc);
            }
            return;
        }
        if (beta != 1.0) {
            CommonOps_DDRM.scale(beta, mc);
        }
        if (alpha != 0.0) {
            if (parallel(ma, mc, transA)) {
                multiplyAddThreaded(transA, transB, alpha, ma, mb, mc);
            } else {
                multiplyAdd(transA, transB, alpha, ma, mb, mc);
            }
        }
    }

    /** Returns whether a product into {@code c}, with its inner dimension from {@code a}, is large enough to thread. */
    private boolean parallel(DMatrixRMaj a, DMatrixRMaj c, boolean transA) {
        long inner = transA ? a.numRows : a.numCols;
        return threads > 1 && (long) c.numRows * c.numCols * inner >= PARALLEL_MIN_MULTIPLY_ADDS;
    }

    /** {@code c = alpha * op(a) * op(b)}; EJML's {@code mult*} overwrite {@code c} without reading it. */
    private static void multiply(boolean transA, boolean transB, double alpha, DMatrixRMaj a, DMatrixRMaj b,
            DMatrixRMaj c) {
        if (transA && transB) {
            CommonOps_DDRM.multTransAB(alpha, a, b, c);
        } else if (transA) {
            CommonOps_DDRM.multTransA(alpha, a, b, c);
        } else if (transB) {
            CommonOps_DDRM.multTransB(alpha, a, b, c);
        } else {
            CommonOps_DDRM.mult(alpha, a, b, c);
        }
    }

    /** {@link #multiply} on EJML's fork/join pool. */
    private static void multiplyThreaded(boolean transA, boolean transB, double alpha, DMatrixRMaj a,
            DMatrixRMaj b, DMatrixRMaj c) {
        if (transA && transB) {
            CommonOps_MT_DDRM.multTransAB(alpha, a, b, c);
        } else if (transA) {
            CommonOps_MT_DDRM.multTransA(alpha, a, b, c);
        } else if (transB) {
            CommonOps_MT_DDRM.multTransB(alpha, a, b, c);
        } else {
            CommonOps_MT_DDRM.mult(alpha, a, b, c);
        }
    }

    /** {@link #multiplyAdd} on EJML's fork/join pool. */
    private static void multiplyAddThreaded(boolean transA, boolean transB, double alpha, DMatrixRMaj a,
            DMatrixRMaj b, DMatrixRMaj c) {
        if (transA && transB) {
            CommonOps_MT_DDRM.multAddTransAB(alpha, a, b, c);
        } else if (transA) {
            CommonOps_MT_DDRM.multAddTransA(alpha, a, b, c);
        } else if (transB) {
            CommonOps_MT_DDRM.multAddTransB(alpha, a, b, c);
        } else {
            CommonOps_MT_DDRM.multAdd(alpha, a, b, c);
        }
    }

    /** {@code c = c + alpha * op(a) * op(b)}. */
    private static void multiplyAdd(boolean transA, boolean transB, double alpha, DMatrixRMaj a, DMatrixRMaj b,
            DMatrixRMaj c) {
        if (transA && transB) {
            CommonOps_DDRM.multAddTransAB(alpha, a, b, c);
        } else if (transA) {
            CommonOps_DDRM.multAddTransA(alpha, a, b, c);
        } else if (transB) {
            CommonOps_DDRM.multAddTransB(alpha, a, b, c);
        } else {
            CommonOps_DDRM.multAdd(alpha, a, b, c);
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        DMatrixRMaj s = own(src, "src");
        DMatrixRMaj d = own(dst, "dst");
        Shapes.requireSame("src", src, "dst", dst);
        d.setTo(s);
    }

    @Override
    public void fill(Tensor t, double value) {
        CommonOps_DDRM.fill(own(t, "t"), value);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Rows of a row-major matrix are contiguous, so this is one array copy, and overlapping row
     * blocks of the same tensor are copied as if through a temporary buffer.
     */
    @Override
    public void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int count) {
        DMatrixRMaj s = own(src, "src");
        DMatrixRMaj d = own(dst, "dst");
        Shapes.requireRowBlock(src, srcRow, dst, dstRow, count);
        System.arraycopy(s.data, srcRow * s.numCols, d.data, dstRow * d.numCols, count * s.numCols);
    }

    @Override
    public void getColumns(Tensor src, int firstCol, Tensor dst) {
        DMatrixRMaj s = own(src, "src");
        DMatrixRMaj d = own(dst, "dst");
        Shapes.requireColumnBlock(src, dst, firstCol);
        CommonOps_DDRM.extract(s, 0, s.numRows, firstCol, firstCol + d.numCols, d, 0, 0);
    }

    @Override
    public void setColumns(Tensor src, Tensor dst, int firstCol) {
        DMatrixRMaj s = own(src, "src");
        DMatrixRMaj d = own(dst, "dst");
        Shapes.requireColumnBlock(dst, src, firstCol);
        CommonOps_DDRM.insert(s, d, 0, firstCol);
    }

    @Override
    public void transpose(Tensor a, Tensor out) {
        DMatrixRMaj ma = own(a, "a");
        DMatrixRMaj mo = own(out, "out");
        Shapes.requireTranspose(a, out);
        CommonOps_DDRM.transpose(ma, mo);
    }

    @Override
    public void sigmoid(Tensor x, Tensor y) {
        double[] xv = own(x, "x").data;
        double[] yv = same(x, y, "y");
        int size = x.size();
        for (int k = 0; k < size; k++) {
            yv[k] = sigmoid(xv[k]);
        }
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        double[] xv = own(x, "x").data;
        double[] yv = same(x, y, "y");
        int size = x.size();
        for (int k = 0; k < size; k++) {
            yv[k] = Math.tanh(xv[k]);
        }
    }

    @Override
    public void sigmoidDerivative(Tensor y, Tensor out) {
        double[] yv = own(y, "y").data;
        double[] ov = same(y, out, "out");
        int size = y.size();
        for (int k = 0; k < size; k++) {
            ov[k] = yv[k] * (1.0 - yv[k]);
        }
    }

    @Override
    public void tanhDerivative(Tensor y, Tensor out) {
        double[] yv = own(y, "y").data;
        double[] ov = same(y, out, "out");
        int size = y.size();
        for (int k = 0; k < size; k++) {
            ov[k] = 1.0 - yv[k] * yv[k];
        }
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        double[] xv = own(x, "x").data;
        double[] yv = same(x, y, "y");
        int size = x.size();
        for (int k = 0; k < size; k++) {
            yv[k] = xv[k] > 0.0 ? xv[k] : 0.0;
        }
    }

    @Override
    public void reluDerivative(Tensor y, Tensor out) {
        double[] yv = own(y, "y").data;
        double[] ov = same(y, out, "out");
        int size = y.size();
        for (int k = 0; k < size; k++) {
            ov[k] = yv[k] > 0.0 ? 1.0 : 0.0;
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        DMatrixRMaj ma = own(a, "a");
        DMatrixRMaj mb = own(b, "b");
        DMatrixRMaj mo = own(out, "out");
        Shapes.requireSame("first operand", a, "b", b);
        Shapes.requireSame("first operand", a, "out", out);
        CommonOps_DDRM.elementMult(ma, mb, mo);
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        DMatrixRMaj ma = own(a, "a");
        DMatrixRMaj mb = own(b, "b");
        DMatrixRMaj mo = own(out, "out");
        Shapes.requireSame("first operand", a, "b", b);
        Shapes.requireSame("first operand", a, "out", out);
        CommonOps_DDRM.add(ma, mb, mo);
    }

    @Override
    public void sub(Tensor a, Tensor b, Tensor out) {
        DMatrixRMaj ma = own(a, "a");
        DMatrixRMaj mb = own(b, "b");
        DMatrixRMaj mo = own(out, "out");
        Shapes.requireSame("first operand", a, "b", b);
        Shapes.requireSame("first operand", a, "out", out);
        CommonOps_DDRM.subtract(ma, mb, mo);
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        DMatrixRMaj mx = own(x, "x");
        DMatrixRMaj my = own(y, "y");
        Shapes.requireSame("first operand", x, "y", y);
        CommonOps_DDRM.addEquals(my, alpha, mx);
    }

    @Override
    public void scale(double alpha, Tensor x, Tensor out) {
        DMatrixRMaj mx = own(x, "x");
        DMatrixRMaj mo = own(out, "out");
        Shapes.requireSame("first operand", x, "out", out);
        CommonOps_DDRM.scale(alpha, mx, mo);
    }

    @Override
    public void addRowVector(Tensor x, Tensor row, Tensor out) {
        DMatrixRMaj mx = own(x, "x");
        double[] rv = own(row, "row").data;
        double[] ov = same(x, out, "out");
        Shapes.requireRowVector("row vector", row, "x", x);
        int cols = mx.numCols;
        for (int r = 0; r < mx.numRows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                ov[base + c] = mx.data[base + c] + rv[c];
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sums row by row rather than with EJML's column-wise {@code sumCols}, so that memory is read
     * sequentially and {@code beta} needs no temporary.
     */
    @Override
    public void sumRows(Tensor x, double beta, Tensor out) {
        DMatrixRMaj mx = own(x, "x");
        DMatrixRMaj mo = own(out, "out");
        Shapes.requireRowVector("row-sum destination", out, "x", x);

        if (beta == 0.0) {
            CommonOps_DDRM.fill(mo, 0.0);
        } else if (beta != 1.0) {
            CommonOps_DDRM.scale(beta, mo);
        }
        int cols = mx.numCols;
        double[] ov = mo.data;
        for (int r = 0; r < mx.numRows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                ov[c] += mx.data[base + c];
            }
        }
    }

    @Override
    public double sumOfSquares(Tensor x) {
        double[] xv = own(x, "x").data;
        int size = x.size();
        double sum = 0.0;
        for (int k = 0; k < size; k++) {
            sum += xv[k] * xv[k];
        }
        return sum;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs {@link ArrayLstmKernels#forward} on the matrices' data arrays: one pass over each row
     * that computes every gate and state element in registers, with a {@code tanh} that is 4x faster
     * than {@link Math#tanh} on JDK 17. {@code scratch} is not used.
     */
    @Override
    public void lstmPointwiseForward(Tensor gates, Tensor cPrev, Tensor c, Tensor tanhC, Tensor h,
            Scratch scratch) {
        double[] gv = own(gates, "gates").data;
        double[] pv = own(cPrev, "cPrev").data;
        double[] cv = own(c, "c").data;
        double[] tv = own(tanhC, "tanhC").data;
        double[] hv = own(h, "h").data;
        Shapes.requireSame("cPrev", cPrev, "c", c);
        Shapes.requireSame("cPrev", cPrev, "h", h);
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireShape("gates", gates, cPrev.rows(), 4 * cPrev.cols());

        ArrayLstmKernels.forward(gv, pv, cv, tv, hv, cPrev.rows(), cPrev.cols());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs {@link ArrayLstmKernels#backward} on the matrices' data arrays. {@code scratch} is not
     * used.
     */
    @Override
    public void lstmPointwiseBackward(Tensor acts, Tensor cPrev, Tensor tanhC, Tensor dh, Tensor dc,
            Tensor dGates, Scratch scratch) {
        double[] av = own(acts, "acts").data;
        double[] pv = own(cPrev, "cPrev").data;
        double[] tv = own(tanhC, "tanhC").data;
        double[] dhv = own(dh, "dh").data;
        double[] dcv = own(dc, "dc").data;
        double[] dgv = own(dGates, "dGates").data;
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireSame("cPrev", cPrev, "dh", dh);
        Shapes.requireSame("cPrev", cPrev, "dc", dc);
        Shapes.requireShape("acts", acts, cPrev.rows(), 4 * cPrev.cols());
        Shapes.requireShape("dGates", dGates, cPrev.rows(), 4 * cPrev.cols());

        ArrayLstmKernels.backward(av, pv, tv, dhv, dcv, dgv, cPrev.rows(), cPrev.cols());
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static DMatrixRMaj own(Tensor t, String role) {
        if (t instanceof EjmlTensor e) {
            return e.matrix();
        }
        throw new IllegalArgumentException("tensor " + role + " " + Tensor.shapeString(t) + " belongs to backend '"
                + t.backend().name() + "', but this operation runs on backend '" + NAME
                + "'; convert it first with Backend.adopt, for example ejmlBackend.adopt(tensor)");
    }

    private static double[] same(Tensor first, Tensor other, String role) {
        DMatrixRMaj m = own(other, role);
        Shapes.requireSame("first operand", first, role, other);
        return m.data;
    }
}
