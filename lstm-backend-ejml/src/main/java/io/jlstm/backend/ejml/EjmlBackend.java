package io.jlstm.backend.ejml;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Backend on EJML's dense row-major {@link DMatrixRMaj}: GEMM and the block and element-wise
 * operations that EJML offers go through {@link CommonOps_DDRM}, while activations, broadcasts,
 * reductions and the fused LSTM kernels are loops over the matrices' data arrays.
 *
 * <p>Every operation runs on the calling thread. The backend is stateless, so one instance may be
 * shared by threads that work on distinct tensors, and it accepts tensors created by any
 * {@code EjmlBackend} instance.
 */
public final class EjmlBackend implements Backend {

    /** Provider name of this backend. */
    public static final String NAME = "ejml";

    @Override
    public String name() {
        return NAME;
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
     * <p>Runs EJML's single-threaded {@code mult} and {@code multAdd} family.
     *
     * <p>NOTE: the threaded {@code CommonOps_MT_DDRM} variants showed no gain beyond the error bars
     * in {@code GemmThreadingBenchmark} at LSTM sizes (B = 32, H = 64 and 256), measured on a shared
     * 2-core VM under heavy load; docs/ejml-threading.md has the numbers. Re-measure on an idle
     * machine with more cores before switching.
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
            } else {
                multiply(transA, transB, alpha, ma, mb, mc);
            }
            return;
        }
        if (beta != 1.0) {
            CommonOps_DDRM.scale(beta, mc);
        }
        if (alpha != 0.0) {
            multiplyAdd(transA, transB, alpha, ma, mb, mc);
        }
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
     * <p>One pass over each row that computes every gate and state element in registers, in the
     * same order of floating-point operations as the default method. {@code scratch} is not used.
     */
    @Override
    public void lstmPointwiseForward(Tensor gates, Tensor cPrev, Tensor c, Tensor tanhC, Tensor h,
            Scratch scratch) {
        double[] gv = own(gates, "gates").data;
        double[] pv = own(cPrev, "cPrev").data;
        double[] cv = own(c, "c").data;
        double[] tv = own(tanhC, "tanhC").data;
        double[] hv = own(h, "h").data;
        int hidden = cPrev.cols();
        Shapes.requireSame("cPrev", cPrev, "c", c);
        Shapes.requireSame("cPrev", cPrev, "h", h);
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireShape("gates", gates, cPrev.rows(), 4 * hidden);

        for (int r = 0; r < cPrev.rows(); r++) {
            int gateRow = r * 4 * hidden;
            int stateRow = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int gi = gateRow + j;
                int gf = gi + hidden;
                int gg = gf + hidden;
                int go = gg + hidden;
                int s = stateRow + j;
                double in = sigmoid(gv[gi]);
                double forget = sigmoid(gv[gf]);
                double cell = Math.tanh(gv[gg]);
                double out = sigmoid(gv[go]);
                gv[gi] = in;
                gv[gf] = forget;
                gv[gg] = cell;
                gv[go] = out;

                double cNew = forget * pv[s] + in * cell;
                double t = Math.tanh(cNew);
                cv[s] = cNew;
                tv[s] = t;
                hv[s] = out * t;
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One pass over each row, in the same order of floating-point operations as the default
     * method. {@code scratch} is not used.
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
        int hidden = cPrev.cols();
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireSame("cPrev", cPrev, "dh", dh);
        Shapes.requireSame("cPrev", cPrev, "dc", dc);
        Shapes.requireShape("acts", acts, cPrev.rows(), 4 * hidden);
        Shapes.requireShape("dGates", dGates, cPrev.rows(), 4 * hidden);

        for (int r = 0; r < cPrev.rows(); r++) {
            int gateRow = r * 4 * hidden;
            int stateRow = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int gi = gateRow + j;
                int gf = gi + hidden;
                int gg = gf + hidden;
                int go = gg + hidden;
                int s = stateRow + j;
                double in = av[gi];
                double forget = av[gf];
                double cell = av[gg];
                double out = av[go];
                double t = tv[s];
                double dhs = dhv[s];

                // dGo = dh * tanh(c) * o (1 - o); then dc += dh * o * (1 - tanh(c)^2)
                dgv[go] = dhs * t * (out * (1.0 - out));
                double dcs = dcv[s] + dhs * out * (1.0 - t * t);

                dgv[gi] = dcs * cell * (in * (1.0 - in));
                dgv[gg] = dcs * in * (1.0 - cell * cell);
                dgv[gf] = dcs * pv[s] * (forget * (1.0 - forget));
                dcv[s] = dcs * forget;
            }
        }
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
