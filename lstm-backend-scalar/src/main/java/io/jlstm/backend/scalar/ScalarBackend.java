package io.jlstm.backend.scalar;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;

/**
 * The reference backend: every operation is a plain Java loop over row-major {@code double[]}
 * storage, written to be obviously correct. Loops run along rows in the inner position so that
 * memory is read sequentially. Not thread-safe; use one instance per thread.
 */
public final class ScalarBackend implements Backend {

    /** Provider name of this backend. */
    public static final String NAME = "scalar";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Tensor zeros(int rows, int cols) {
        Shapes.requireAllocatable(rows, cols);
        return new ScalarTensor(this, rows, cols, new double[rows * cols]);
    }

    @Override
    public Tensor fromArray(int rows, int cols, double[] rowMajor) {
        Shapes.requireAllocatable(rows, cols);
        if (rowMajor.length != rows * cols) {
            throw new IllegalArgumentException("expected " + rows * cols + " values for shape [" + rows + " x "
                    + cols + "], got " + rowMajor.length);
        }
        return new ScalarTensor(this, rows, cols, rowMajor.clone());
    }

    @Override
    public Tensor adopt(Tensor t) {
        if (t instanceof ScalarTensor s && s.backend() == this) {
            return t;
        }
        return fromArray(t.rows(), t.cols(), t.toArray());
    }

    @Override
    public void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c) {
        ScalarTensor sa = own(a, "A");
        ScalarTensor sb = own(b, "B");
        ScalarTensor sc = own(c, "C");
        Shapes.requireGemm(transA, transB, a, b, c);
        int m = transA ? sa.cols : sa.rows;
        int k = transA ? sa.rows : sa.cols;
        int n = transB ? sb.rows : sb.cols;
        double[] av = sa.data;
        double[] bv = sb.data;
        double[] cv = sc.data;

        scaleInPlace(cv, beta);
        if (alpha == 0.0) {
            return;
        }
        if (!transA && !transB) {
            for (int i = 0; i < m; i++) {
                int cRow = i * n;
                for (int p = 0; p < k; p++) {
                    double aip = alpha * av[i * k + p];
                    int bRow = p * n;
                    for (int j = 0; j < n; j++) {
                        cv[cRow + j] += aip * bv[bRow + j];
                    }
                }
            }
        } else if (transA && !transB) {
            for (int p = 0; p < k; p++) {
                int aRow = p * m;
                int bRow = p * n;
                for (int i = 0; i < m; i++) {
                    double api = alpha * av[aRow + i];
                    int cRow = i * n;
                    for (int j = 0; j < n; j++) {
                        cv[cRow + j] += api * bv[bRow + j];
                    }
                }
            }
        } else if (!transA) {
            for (int i = 0; i < m; i++) {
                int aRow = i * k;
                for (int j = 0; j < n; j++) {
                    int bRow = j * k;
                    double sum = 0.0;
                    for (int p = 0; p < k; p++) {
                        sum += av[aRow + p] * bv[bRow + p];
                    }
                    cv[i * n + j] += alpha * sum;
                }
            }
        } else {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0.0;
                    for (int p = 0; p < k; p++) {
                        sum += av[p * m + i] * bv[j * k + p];
                    }
                    cv[i * n + j] += alpha * sum;
                }
            }
        }
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        ScalarTensor s = own(src, "src");
        ScalarTensor d = own(dst, "dst");
        Shapes.requireSame("src", src, "dst", dst);
        System.arraycopy(s.data, 0, d.data, 0, s.data.length);
    }

    @Override
    public void fill(Tensor t, double value) {
        java.util.Arrays.fill(own(t, "t").data, value);
    }

    @Override
    public void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int count) {
        ScalarTensor s = own(src, "src");
        ScalarTensor d = own(dst, "dst");
        Shapes.requireRowBlock(src, srcRow, dst, dstRow, count);
        System.arraycopy(s.data, srcRow * s.cols, d.data, dstRow * d.cols, count * s.cols);
    }

    @Override
    public void getColumns(Tensor src, int firstCol, Tensor dst) {
        ScalarTensor s = own(src, "src");
        ScalarTensor d = own(dst, "dst");
        Shapes.requireColumnBlock(src, dst, firstCol);
        for (int r = 0; r < s.rows; r++) {
            System.arraycopy(s.data, r * s.cols + firstCol, d.data, r * d.cols, d.cols);
        }
    }

    @Override
    public void setColumns(Tensor src, Tensor dst, int firstCol) {
        ScalarTensor s = own(src, "src");
        ScalarTensor d = own(dst, "dst");
        Shapes.requireColumnBlock(dst, src, firstCol);
        for (int r = 0; r < s.rows; r++) {
            System.arraycopy(s.data, r * s.cols, d.data, r * d.cols + firstCol, s.cols);
        }
    }

    @Override
    public void sigmoid(Tensor x, Tensor y) {
        double[] xv = own(x, "x").data;
        double[] yv = same(x, y, "y");
        for (int k = 0; k < xv.length; k++) {
            yv[k] = 1.0 / (1.0 + Math.exp(-xv[k]));
        }
    }

    @Override
    public void tanh(Tensor x, Tensor y) {
        double[] xv = own(x, "x").data;
        double[] yv = same(x, y, "y");
        for (int k = 0; k < xv.length; k++) {
            yv[k] = Math.tanh(xv[k]);
        }
    }

    @Override
    public void sigmoidDerivative(Tensor y, Tensor out) {
        double[] yv = own(y, "y").data;
        double[] ov = same(y, out, "out");
        for (int k = 0; k < yv.length; k++) {
            ov[k] = yv[k] * (1.0 - yv[k]);
        }
    }

    @Override
    public void tanhDerivative(Tensor y, Tensor out) {
        double[] yv = own(y, "y").data;
        double[] ov = same(y, out, "out");
        for (int k = 0; k < yv.length; k++) {
            ov[k] = 1.0 - yv[k] * yv[k];
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        double[] av = own(a, "a").data;
        double[] bv = same(a, b, "b");
        double[] ov = same(a, out, "out");
        for (int k = 0; k < av.length; k++) {
            ov[k] = av[k] * bv[k];
        }
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        double[] av = own(a, "a").data;
        double[] bv = same(a, b, "b");
        double[] ov = same(a, out, "out");
        for (int k = 0; k < av.length; k++) {
            ov[k] = av[k] + bv[k];
        }
    }

    @Override
    public void sub(Tensor a, Tensor b, Tensor out) {
        double[] av = own(a, "a").data;
        double[] bv = same(a, b, "b");
        double[] ov = same(a, out, "out");
        for (int k = 0; k < av.length; k++) {
            ov[k] = av[k] - bv[k];
        }
    }

    @Override
    public void axpy(double alpha, Tensor x, Tensor y) {
        double[] xv = own(x, "x").data;
        double[] yv = same(x, y, "y");
        for (int k = 0; k < xv.length; k++) {
            yv[k] += alpha * xv[k];
        }
    }

    @Override
    public void scale(double alpha, Tensor x, Tensor out) {
        double[] xv = own(x, "x").data;
        double[] ov = same(x, out, "out");
        for (int k = 0; k < xv.length; k++) {
            ov[k] = alpha * xv[k];
        }
    }

    @Override
    public void addRowVector(Tensor x, Tensor row, Tensor out) {
        ScalarTensor sx = own(x, "x");
        double[] rv = own(row, "row").data;
        double[] ov = same(x, out, "out");
        Shapes.requireRowVector("row vector", row, "x", x);
        for (int r = 0; r < sx.rows; r++) {
            int base = r * sx.cols;
            for (int c = 0; c < sx.cols; c++) {
                ov[base + c] = sx.data[base + c] + rv[c];
            }
        }
    }

    @Override
    public void sumRows(Tensor x, double beta, Tensor out) {
        ScalarTensor sx = own(x, "x");
        double[] ov = own(out, "out").data;
        Shapes.requireRowVector("row-sum destination", out, "x", x);
        scaleInPlace(ov, beta);
        for (int r = 0; r < sx.rows; r++) {
            int base = r * sx.cols;
            for (int c = 0; c < sx.cols; c++) {
                ov[c] += sx.data[base + c];
            }
        }
    }

    @Override
    public double sumOfSquares(Tensor x) {
        double[] xv = own(x, "x").data;
        double sum = 0.0;
        for (double v : xv) {
            sum += v * v;
        }
        return sum;
    }

    private static void scaleInPlace(double[] values, double beta) {
        if (beta == 0.0) {
            java.util.Arrays.fill(values, 0.0);
        } else if (beta != 1.0) {
            for (int k = 0; k < values.length; k++) {
                values[k] *= beta;
            }
        }
    }

    private ScalarTensor own(Tensor t, String role) {
        if (t instanceof ScalarTensor s && s.backend() == this) {
            return s;
        }
        throw new IllegalArgumentException("tensor " + role + " " + Tensor.shapeString(t) + " belongs to backend '"
                + t.backend().name() + "', not to this '" + NAME + "' instance; convert it with Backend.adopt");
    }

    private double[] same(Tensor first, Tensor other, String role) {
        ScalarTensor s = own(other, role);
        Shapes.requireSame("first operand", first, role, other);
        return s.data;
    }
}
