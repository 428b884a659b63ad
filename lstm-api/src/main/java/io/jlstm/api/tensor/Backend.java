package io.jlstm.api.tensor;

/**
 * The math operations that layers, cells and losses are written against.
 *
 * <p>Every operation writes into a destination the caller passes in, so the time loop of a
 * recurrent layer allocates nothing. Only {@link #zeros}, {@link #fromArray} and {@link #adopt}
 * allocate. Element-wise operations accept a destination that is also one of their inputs;
 * {@link #gemm} does not. Every operation rejects mismatched shapes, and tensors of another
 * backend, with an {@link IllegalArgumentException} that names the shapes involved.
 *
 * <p>The fused LSTM kernels are default methods built from the primitives; a backend overrides
 * them for speed and must then still agree with the defaults to 1e-12 relative.
 */
public interface Backend {

    /** The provider name of this backend, such as {@code scalar}. */
    String name();

    /** Returns the number of threads one operation of this backend may use; 1 unless it overrides this. */
    default int threads() {
        return 1;
    }

    /** Allocates a {@code rows x cols} tensor filled with zeros. */
    Tensor zeros(int rows, int cols);

    /**
     * Allocates a {@code rows x cols} tensor holding a copy of {@code rowMajor}.
     *
     * @throws IllegalArgumentException if {@code rowMajor.length != rows * cols}
     */
    Tensor fromArray(int rows, int cols, double[] rowMajor);

    /**
     * Returns {@code t} itself when this backend owns it, else a copy in this backend's storage.
     * This is the one explicit conversion between backends.
     */
    Tensor adopt(Tensor t);

    /**
     * General matrix multiply {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(X)} is
     * {@code X} or its transpose. With {@code beta == 0} the old contents of C are ignored, so
     * NaN in C does not propagate.
     *
     * @throws IllegalArgumentException if the inner dimensions or C's shape do not match, or if C
     *     is the same tensor as A or B
     */
    void gemm(boolean transA, boolean transB, double alpha, Tensor a, Tensor b, double beta, Tensor c);

    /** Copies {@code src} into {@code dst} of the same shape. */
    void copy(Tensor src, Tensor dst);

    /** Sets every element of {@code t} to {@code value}. */
    void fill(Tensor t, double value);

    /**
     * Copies {@code count} rows of {@code src}, from row {@code srcRow}, into {@code dst} from row
     * {@code dstRow}. Both tensors must have the same number of columns.
     */
    void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int count);

    /** Copies the column block {@code src[:, firstCol : firstCol + dst.cols]} into {@code dst}. */
    void getColumns(Tensor src, int firstCol, Tensor dst);

    /** Writes {@code src} into the column block {@code dst[:, firstCol : firstCol + src.cols]}. */
    void setColumns(Tensor src, Tensor dst, int firstCol);

    /**
     * Writes the transpose of {@code a} ({@code m x n}) into {@code out} ({@code n x m}). A layer
     * that multiplies by the same {@code B^T} many times can transpose B once and pass
     * {@code transB = false} to {@link #gemm}, which is faster on backends whose transposed-B
     * product is slow. The default loops over {@link Tensor#get} and {@link Tensor#set}; a backend
     * overrides it for speed and must then agree exactly.
     *
     * @throws IllegalArgumentException if {@code out} is not {@code n x m}, or is {@code a} itself
     */
    default void transpose(Tensor a, Tensor out) {
        requireOwned("transpose input", a);
        requireOwned("transpose output", out);
        Shapes.requireTranspose(a, out);
        for (int r = 0; r < a.rows(); r++) {
            for (int c = 0; c < a.cols(); c++) {
                out.set(c, r, a.get(r, c));
            }
        }
    }

    /** {@code y = 1 / (1 + exp(-x))}, element-wise. */
    void sigmoid(Tensor x, Tensor y);

    /** {@code y = tanh(x)}, element-wise. */
    void tanh(Tensor x, Tensor y);

    /** {@code out = y * (1 - y)}: the sigmoid's derivative computed from its output {@code y}. */
    void sigmoidDerivative(Tensor y, Tensor out);

    /** {@code out = 1 - y * y}: the tanh's derivative computed from its output {@code y}. */
    void tanhDerivative(Tensor y, Tensor out);

    /**
     * {@code y = max(x, 0)}, element-wise. The default loops over {@link Tensor#get} and
     * {@link Tensor#set}; a backend overrides it for speed and must then agree exactly.
     */
    default void relu(Tensor x, Tensor y) {
        requireOwned("relu input", x);
        requireOwned("relu output", y);
        Shapes.requireSame("relu input", x, "relu output", y);
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < x.cols(); c++) {
                double v = x.get(r, c);
                y.set(r, c, v > 0.0 ? v : 0.0);
            }
        }
    }

    /**
     * {@code out = 1} where {@code y > 0}, else {@code 0}: the ReLU's derivative computed from its
     * output {@code y}, with PyTorch's value 0 at the kink. The default loops like {@link #relu}.
     */
    default void reluDerivative(Tensor y, Tensor out) {
        requireOwned("relu output", y);
        requireOwned("relu derivative", out);
        Shapes.requireSame("relu output", y, "relu derivative", out);
        for (int r = 0; r < y.rows(); r++) {
            for (int c = 0; c < y.cols(); c++) {
                out.set(r, c, y.get(r, c) > 0.0 ? 1.0 : 0.0);
            }
        }
    }

    /** Rejects a tensor of another backend instance, as the element-loop defaults need. */
    private void requireOwned(String role, Tensor t) {
        if (t.backend() != this) {
            throw new IllegalArgumentException("tensor " + role + " " + Tensor.shapeString(t) + " belongs to backend '"
                    + t.backend().name() + "', not to this '" + name() + "' instance; convert it with Backend.adopt");
        }
    }

    /** Hadamard product {@code out = a .* b}. */
    void mul(Tensor a, Tensor b, Tensor out);

    /** {@code out = a + b}, element-wise. */
    void add(Tensor a, Tensor b, Tensor out);

    /** {@code out = a - b}, element-wise. */
    void sub(Tensor a, Tensor b, Tensor out);

    /** {@code y = y + alpha * x}. */
    void axpy(double alpha, Tensor x, Tensor y);

    /** {@code out = alpha * x}. */
    void scale(double alpha, Tensor x, Tensor out);

    /** Row-broadcast add {@code out[r, :] = x[r, :] + row[0, :]}, where {@code row} is {@code 1 x cols}. */
    void addRowVector(Tensor x, Tensor row, Tensor out);

    /**
     * Sum over rows {@code out[0, c] = beta * out[0, c] + sum_r x[r, c]}, where {@code out} is
     * {@code 1 x cols}. With {@code beta == 0} the old contents of {@code out} are ignored, as in
     * {@link #gemm}.
     */
    void sumRows(Tensor x, double beta, Tensor out);

    /** Returns the sum of the squares of all elements. */
    double sumOfSquares(Tensor x);

    /**
     * Fused point-wise LSTM step (gate order i, f, g, o as in PyTorch).
     *
     * <p>On entry {@code gates} ({@code B x 4H}) holds the pre-activations; on return it holds the
     * activations {@code i = sigma, f = sigma, g = tanh, o = sigma} of those blocks. Then
     * {@code c = f .* cPrev + i .* g}, {@code tanhC = tanh(c)} and {@code h = o .* tanhC}, each
     * {@code B x H}. {@code c} may be {@code cPrev}.
     *
     * @param scratch at least five {@code B x H} buffers; overriding backends may ignore it
     */
    default void lstmPointwiseForward(Tensor gates, Tensor cPrev, Tensor c, Tensor tanhC, Tensor h,
            Scratch scratch) {
        int hidden = cPrev.cols();
        Shapes.requireSame("cPrev", cPrev, "c", c);
        Shapes.requireSame("cPrev", cPrev, "h", h);
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireShape("gates", gates, cPrev.rows(), 4 * hidden);
        Tensor i = scratch.get(0);
        Tensor f = scratch.get(1);
        Tensor g = scratch.get(2);
        Tensor o = scratch.get(3);
        Tensor tmp = scratch.get(4);

        getColumns(gates, 0, i);
        getColumns(gates, hidden, f);
        getColumns(gates, 2 * hidden, g);
        getColumns(gates, 3 * hidden, o);
        sigmoid(i, i);
        sigmoid(f, f);
        tanh(g, g);
        sigmoid(o, o);

        mul(i, g, tmp);
        mul(f, cPrev, c);
        add(c, tmp, c);
        tanh(c, tanhC);
        mul(o, tanhC, h);

        setColumns(i, gates, 0);
        setColumns(f, gates, hidden);
        setColumns(g, gates, 2 * hidden);
        setColumns(o, gates, 3 * hidden);
    }

    /**
     * Backward of {@link #lstmPointwiseForward}.
     *
     * <p>{@code acts} ({@code B x 4H}) holds the gate activations the forward stored, {@code cPrev}
     * and {@code tanhC} the forward's inputs and outputs. On entry {@code dh} and {@code dc} hold the
     * loss gradients with respect to this step's {@code h} and {@code c}; on return {@code dc} holds
     * the gradient with respect to {@code cPrev}, and {@code dGates} ({@code B x 4H}) the gradients
     * with respect to the gate pre-activations. {@code dh} is left unchanged.
     *
     * @param scratch at least five {@code B x H} buffers; overriding backends may ignore it
     */
    default void lstmPointwiseBackward(Tensor acts, Tensor cPrev, Tensor tanhC, Tensor dh, Tensor dc,
            Tensor dGates, Scratch scratch) {
        int hidden = cPrev.cols();
        Shapes.requireSame("cPrev", cPrev, "tanhC", tanhC);
        Shapes.requireSame("cPrev", cPrev, "dh", dh);
        Shapes.requireSame("cPrev", cPrev, "dc", dc);
        Shapes.requireShape("acts", acts, cPrev.rows(), 4 * hidden);
        Shapes.requireShape("dGates", dGates, cPrev.rows(), 4 * hidden);
        Tensor gate = scratch.get(0);
        Tensor deriv = scratch.get(1);
        Tensor grad = scratch.get(2);
        Tensor o = scratch.get(3);
        Tensor tmp = scratch.get(4);

        // do = dh .* tanh(c); dGo = do .* o (1 - o)
        getColumns(acts, 3 * hidden, o);
        mul(dh, tanhC, grad);
        sigmoidDerivative(o, deriv);
        mul(grad, deriv, grad);
        setColumns(grad, dGates, 3 * hidden);

        // dc += dh .* o .* (1 - tanh(c)^2)
        tanhDerivative(tanhC, deriv);
        mul(dh, o, tmp);
        mul(tmp, deriv, tmp);
        add(dc, tmp, dc);

        // dGi = dc .* g .* i (1 - i), with g read into 'o' now that o is no longer needed
        getColumns(acts, 2 * hidden, o);
        getColumns(acts, 0, gate);
        mul(dc, o, grad);
        sigmoidDerivative(gate, deriv);
        mul(grad, deriv, grad);
        setColumns(grad, dGates, 0);

        // dGg = dc .* i .* (1 - g^2)
        mul(dc, gate, grad);
        tanhDerivative(o, deriv);
        mul(grad, deriv, grad);
        setColumns(grad, dGates, 2 * hidden);

        // dGf = dc .* cPrev .* f (1 - f); dcPrev = dc .* f
        getColumns(acts, hidden, gate);
        mul(dc, cPrev, grad);
        sigmoidDerivative(gate, deriv);
        mul(grad, deriv, grad);
        setColumns(grad, dGates, hidden);
        mul(dc, gate, dc);
    }
}
