package io.jlstm.backend.blas;

import dev.ludovic.netlib.blas.BLAS;
import io.jlstm.api.tensor.Scratch;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.api.tensor.array.ArrayBackend;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Backend whose GEMM is {@code dgemm} of {@code dev.ludovic.netlib:blas} (see {@link BlasLibrary}
 * for which implementation runs) and whose LSTM point-wise steps are fused single loops, on the JDK
 * Vector API when the JVM has {@code jdk.incubator.vector} and in plain Java otherwise.
 *
 * <p>Tensors are row-major {@code double[]}; the column-major {@code dgemm} computes
 * {@code C^T = op(B)^T op(A)^T} on the same arrays, so no operand is copied or transposed.
 *
 * <p>Threads: native BLAS (OpenBLAS) runs its own threads, set by {@code OPENBLAS_NUM_THREADS}
 * before the JVM starts; this class does not split its calls. For the Java implementations, which
 * run on the calling thread, a GEMM of at least {@link #PARALLEL_MIN_MULTIPLY_ADDS} multiply-adds
 * is split by rows of C over {@code threads} threads: the caller and {@code threads - 1} workers
 * of a pool owned by this instance. Not thread-safe; use one instance per thread.
 *
 * <p>The Java implementations also get a GEMM with an operand of at least
 * {@link #PACKED_MIN_VALUES} values in cache-sized blocks ({@link PackedGemm}), because they slow
 * down several times on such operands.
 */
public final class BlasBackend extends ArrayBackend {

    /** Provider name of this backend. */
    public static final String NAME = "blas";

    /**
     * Smallest GEMM, in multiply-adds {@code m * n * k}, that is split over threads: about 0.2 ms
     * of work at 10 GFLOP/s, an estimate of where it outweighs waking a pool thread (tens of microseconds).
     */
    public static final long PARALLEL_MIN_MULTIPLY_ADDS = 1L << 20;

    /**
     * Smallest operand, in values, from which a Java implementation's GEMM runs in packed blocks:
     * 2^22 values (32 MiB). Measured with {@code VectorBLAS} (docs/performance.md), the LSTM
     * products whose operands all held 3.3 million values or fewer ran at 18 to 30 GFLOP/s
     * unblocked, and those with an operand of 13 million at 1.3 to 13.
     */
    public static final long PACKED_MIN_VALUES = 1L << 22;

    private static final int MIN_ROWS_PER_THREAD = 4;

    private final BlasLibrary library;
    private final BLAS blas;
    private final int threads;
    private final long parallelMinMultiplyAdds;
    private final LstmKernels kernels;
    private final PackedGemm.Blocking blocking;
    private ForkJoinPool pool;
    private Block[] blocks;
    private PackedGemm packed;

    /** Creates a backend on the {@link BlasLibrary#get() selected} implementation, one thread per processor. */
    public BlasBackend() {
        this(BlasLibrary.get(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Creates a backend on {@code library}.
     *
     * @param threads threads one GEMM may use when the implementation is a Java one, at least 1
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public BlasBackend(BlasLibrary library, int threads) {
        this(library, threads, PARALLEL_MIN_MULTIPLY_ADDS);
    }

    BlasBackend(BlasLibrary library, int threads, long parallelMinMultiplyAdds) {
        this(library, threads, parallelMinMultiplyAdds, LstmKernels.best());
    }

    BlasBackend(BlasLibrary library, int threads, long parallelMinMultiplyAdds, LstmKernels kernels) {
        this(library, threads, parallelMinMultiplyAdds, kernels, PackedGemm.Blocking.DEFAULT);
    }

    BlasBackend(BlasLibrary library, int threads, long parallelMinMultiplyAdds, LstmKernels kernels,
            PackedGemm.Blocking blocking) {
        if (threads < 1) {
            throw new IllegalArgumentException("BLAS backend threads must be at least 1, but is " + threads);
        }
        this.library = library;
        this.blas = library.blas();
        this.threads = threads;
        this.parallelMinMultiplyAdds = parallelMinMultiplyAdds;
        this.kernels = kernels;
        this.blocking = blocking;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The BLAS implementation this backend calls. */
    public BlasLibrary library() {
        return library;
    }

    /** Threads one GEMM may use; native BLAS takes its thread count from its own environment instead. */
    @Override
    public int threads() {
        return threads;
    }

    @Override
    protected void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, double[] b,
            double beta, double[] c) {
        int parts = partsFor(transA, transB, m, n, k);
        boolean packs = packs(m, n, k);
        if (parts == 1) {
            gemmBlock(transA, transB, m, n, k, 0, m, 0, k, alpha, a, b, beta, c, packer(packs));
        } else if (!transA) {
            gemmSplitRows(transB, m, n, k, parts, alpha, a, b, beta, c, packs);
        } else {
            gemmSplitInner(m, n, k, parts, alpha, a, b, beta, c, packs);
        }
    }

    /**
     * Returns whether a GEMM runs in packed blocks: on a Java implementation with an operand of at
     * least {@code blocking.minValues()} values.
     */
    private boolean packs(int m, int n, int k) {
        long largest = Math.max((long) m * k, Math.max((long) k * n, (long) m * n));
        return library.kind() != BlasLibrary.Kind.NATIVE && largest >= blocking.minValues();
    }

    /** Returns the calling thread's packed GEMM when {@code packs}, else {@code null}. */
    private PackedGemm packer(boolean packs) {
        if (!packs) {
            return null;
        }
        if (packed == null) {
            packed = new PackedGemm(blas, blocking);
        }
        return packed;
    }

    /**
     * Returns into how many blocks a GEMM is split: 1 for native BLAS, one thread, small products
     * and {@code A^T B^T}. netlib's bounds checks reject a block that starts inside a row of the
     * column-major view, which leaves splitting by rows of C when A is not transposed, and splitting
     * the inner dimension (each block then adds into its own partial C) for {@code A^T B}, the shape
     * of the weight gradients.
     */
    private int partsFor(boolean transA, boolean transB, int m, int n, int k) {
        if (threads == 1 || library.kind() == BlasLibrary.Kind.NATIVE
                || (long) m * n * k < parallelMinMultiplyAdds || (transA && transB)) {
            return 1;
        }
        int length = transA ? k : m;
        return Math.max(1, Math.min(threads, length / MIN_ROWS_PER_THREAD));
    }

    private void gemmSplitRows(boolean transB, int m, int n, int k, int parts, double alpha, double[] a,
            double[] b, double beta, double[] c, boolean packs) {
        Block[] workers = workers(0);
        int rowsPerPart = (m + parts - 1) / parts;
        for (int p = 1; p < parts; p++) {
            int first = Math.min(m, p * rowsPerPart);
            int end = Math.min(m, first + rowsPerPart);
            workers[p - 1].set(false, transB, m, n, k, first, end, 0, k, alpha, a, b, beta, c, packs);
            pool.execute(workers[p - 1]);
        }
        gemmBlock(false, transB, m, n, k, 0, Math.min(m, rowsPerPart), 0, k, alpha, a, b, beta, c, packer(packs));
        for (int p = 1; p < parts; p++) {
            workers[p - 1].join();
        }
    }

    private void gemmSplitInner(int m, int n, int k, int parts, double alpha, double[] a, double[] b, double beta,
            double[] c, boolean packs) {
        Block[] workers = workers(m * n);
        int perPart = (k + parts - 1) / parts;
        for (int p = 1; p < parts; p++) {
            int first = Math.min(k, p * perPart);
            int end = Math.min(k, first + perPart);
            workers[p - 1].set(true, false, m, n, k, 0, m, first, end, alpha, a, b, 0.0, workers[p - 1].partial,
                    packs);
            pool.execute(workers[p - 1]);
        }
        gemmBlock(true, false, m, n, k, 0, m, 0, Math.min(k, perPart), alpha, a, b, beta, c, packer(packs));
        for (int p = 1; p < parts; p++) {
            workers[p - 1].join();
            double[] partial = workers[p - 1].partial;
            for (int i = 0; i < m * n; i++) {
                c[i] += partial[i];
            }
        }
    }

    /**
     * Computes rows {@code rowFirst .. rowEnd-1} of {@code C = alpha op(A) op(B) + beta C} over the
     * inner indices {@code kFirst .. kEnd-1}, writing into {@code target} ({@code c} itself or a
     * partial buffer of the same layout). The row-major arrays read as column-major are the
     * transposes, with the row-major column count as leading dimension, so the column-major
     * {@code dgemm} computes {@code C^T = op(B)^T op(A)^T} without copying anything. With a
     * {@code packer}, the block runs through it in cache-sized blocks instead.
     */
    private void gemmBlock(boolean transA, boolean transB, int m, int n, int k, int rowFirst, int rowEnd,
            int kFirst, int kEnd, double alpha, double[] a, double[] b, double beta, double[] target,
            PackedGemm packer) {
        if (rowFirst >= rowEnd) {
            return;
        }
        if (kFirst >= kEnd) {
            // Only a partial buffer of an inner split can get an empty range: its share is zero.
            Arrays.fill(target, 0, m * n, 0.0);
            return;
        }
        if (packer != null) {
            packer.multiply(transA, transB, m, n, k, rowFirst, rowEnd, kFirst, kEnd, alpha, a, b, beta, target);
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        int aOffset = transA ? kFirst * m + rowFirst : rowFirst * k + kFirst;
        int bOffset = transB ? kFirst : kFirst * n;
        blas.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, rowEnd - rowFirst, kEnd - kFirst, alpha, b, bOffset,
                ldb, a, aOffset, lda, beta, target, rowFirst * n, n);
    }

    /** Returns the worker blocks, each with a partial buffer of at least {@code partialSize} doubles. */
    private Block[] workers(int partialSize) {
        if (pool == null) {
            pool = new ForkJoinPool(threads - 1);
            blocks = new Block[threads - 1];
            for (int p = 0; p < blocks.length; p++) {
                blocks[p] = new Block();
            }
        } else {
            for (Block block : blocks) {
                block.reinitialize();
            }
        }
        for (Block block : blocks) {
            if (block.partial.length < partialSize) {
                block.partial = new double[partialSize];
            }
        }
        return blocks;
    }

    @Override
    public void lstmPointwiseForward(Tensor gates, Tensor cPrev, Tensor c, Tensor tanhC, Tensor h, Scratch scratch) {
        requireLstmForward(gates, cPrev, c, tanhC, h);
        kernels.forward(own(gates, "gates").data(), own(cPrev, "cPrev").data(), own(c, "c").data(),
                own(tanhC, "tanhC").data(), own(h, "h").data(), cPrev.rows(), cPrev.cols());
    }

    @Override
    public void lstmPointwiseBackward(Tensor acts, Tensor cPrev, Tensor tanhC, Tensor dh, Tensor dc, Tensor dGates,
            Scratch scratch) {
        requireLstmBackward(acts, cPrev, tanhC, dh, dc, dGates);
        kernels.backward(own(acts, "acts").data(), own(cPrev, "cPrev").data(), own(tanhC, "tanhC").data(),
                own(dh, "dh").data(), own(dc, "dc").data(), own(dGates, "dGates").data(), cPrev.rows(), cPrev.cols());
    }

    /**
     * One block of a split GEMM, run by a pool thread; reused across calls, so a split GEMM
     * allocates nothing once the partial buffer has grown to the largest {@code m x n}.
     */
    private final class Block extends RecursiveAction {

        private static final long serialVersionUID = 1L;

        private transient double[] partial = new double[0];
        private transient PackedGemm packed;
        private boolean packs;
        private boolean transA;
        private boolean transB;
        private int m;
        private int n;
        private int k;
        private int rowFirst;
        private int rowEnd;
        private int kFirst;
        private int kEnd;
        private double alpha;
        private double beta;
        private transient double[] a;
        private transient double[] b;
        private transient double[] target;

        void set(boolean transA, boolean transB, int m, int n, int k, int rowFirst, int rowEnd, int kFirst, int kEnd,
                double alpha, double[] a, double[] b, double beta, double[] target, boolean packs) {
            this.packs = packs;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.rowFirst = rowFirst;
            this.rowEnd = rowEnd;
            this.kFirst = kFirst;
            this.kEnd = kEnd;
            this.alpha = alpha;
            this.a = a;
            this.b = b;
            this.beta = beta;
            this.target = target;
        }

        @Override
        protected void compute() {
            if (packs && packed == null) {
                packed = new PackedGemm(blas, blocking);
            }
            gemmBlock(transA, transB, m, n, k, rowFirst, rowEnd, kFirst, kEnd, alpha, a, b, beta, target,
                    packs ? packed : null);
        }
    }
}
