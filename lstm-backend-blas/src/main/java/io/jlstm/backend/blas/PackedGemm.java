package io.jlstm.backend.blas;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Cache-blocked GEMM on top of a Java {@code dgemm}, for operands too large for it to run at
 * speed. On the large LSTM workload's products, such as the weight gradient
 * {@code [6400 x 2048]^T [6400 x 512]}, {@code VectorBLAS} of {@code dev.ludovic.netlib:blas} 3.0.3
 * ran several times slower than on the medium workload's. Split into blocks of 256 rows of C by
 * 512 inner indices ({@link Blocking#DEFAULT}), with each block of A copied into a contiguous
 * buffer, they ran as fast as the medium ones; docs/performance.md has the JMH figures.
 *
 * <p>Row-major C ({@code m x n}) is updated one block of rows at a time, over all its columns, and
 * the inner dimension is walked block by block with {@code beta} applied only to the first one, so
 * each element of C sums its products in inner-block order. Instances keep their buffers between
 * calls and are not thread-safe; each thread of a split GEMM has its own.
 */
final class PackedGemm {

    /**
     * When and how a GEMM is packed.
     *
     * @param minValues smallest operand, in values, from which a GEMM is packed
     * @param rowBlock rows of C per block, at least 1
     * @param innerBlock inner indices per block, at least 1
     */
    record Blocking(long minValues, int rowBlock, int innerBlock) {

        /** Packs from operands of {@link BlasBackend#PACKED_MIN_VALUES}, in blocks of 256 rows by 512. */
        static final Blocking DEFAULT = new Blocking(BlasBackend.PACKED_MIN_VALUES, 256, 512);

        Blocking {
            if (rowBlock < 1 || innerBlock < 1) {
                throw new IllegalArgumentException("block sizes must be at least 1, but are " + rowBlock + " x "
                        + innerBlock);
            }
        }
    }

    private final BLAS blas;
    private final int rowBlock;
    private final int innerBlock;
    private final double[] aPack;
    private double[] bPack = new double[0];

    PackedGemm(BLAS blas, Blocking blocking) {
        this.blas = blas;
        this.rowBlock = blocking.rowBlock();
        this.innerBlock = blocking.innerBlock();
        this.aPack = new double[rowBlock * innerBlock];
    }

    /**
     * Computes rows {@code rowFirst .. rowEnd-1} of {@code C = alpha op(A) op(B) + beta C} over the
     * inner indices {@code kFirst .. kEnd-1} into {@code target}, which has C's row-major layout.
     * A is {@code m x k} row-major, or {@code k x m} when transposed; B is {@code k x n}, or
     * {@code n x k} when transposed.
     */
    void multiply(boolean transA, boolean transB, int m, int n, int k, int rowFirst, int rowEnd, int kFirst,
            int kEnd, double alpha, double[] a, double[] b, double beta, double[] target) {
        for (int p0 = kFirst; p0 < kEnd; p0 += innerBlock) {
            int depth = Math.min(innerBlock, kEnd - p0);
            double[] bPanel = b;
            int bOffset = p0 * n;
            int ldb = n;
            if (transB) {
                packTransposedB(b, n, k, p0, depth);
                bPanel = bPack;
                bOffset = 0;
                ldb = depth;
            }
            double blockBeta = p0 == kFirst ? beta : 1.0;

            for (int i0 = rowFirst; i0 < rowEnd; i0 += rowBlock) {
                int rows = Math.min(rowBlock, rowEnd - i0);
                packA(transA, a, m, k, i0, rows, p0, depth);
                // Column-major view: C^T[:, i0 .. i0+rows) = op(B)^T[:, p0 .. p0+depth) op(A)^T[p0 .., i0 ..).
                blas.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, rows, depth, alpha, bPanel, bOffset, ldb, aPack,
                        0, transA ? rows : depth, blockBeta, target, i0 * n, n);
            }
        }
    }

    /**
     * Copies the block of A that {@code op(A)[i0 .. i0+rows, p0 .. p0+depth)} reads into
     * {@link #aPack}, one contiguous row segment at a time and without transposing it: as
     * {@code rows x depth} row-major for a plain A, and as {@code depth x rows} for a transposed one.
     */
    private void packA(boolean transA, double[] a, int m, int k, int i0, int rows, int p0, int depth) {
        if (transA) {
            for (int q = 0; q < depth; q++) {
                System.arraycopy(a, (p0 + q) * m + i0, aPack, q * rows, rows);
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, (i0 + i) * k + p0, aPack, i * depth, depth);
        }
    }

    /**
     * Copies the columns {@code p0 .. p0+depth-1} of a transposed B ({@code n x k} row-major) into
     * {@link #bPack} as {@code n x depth} row-major, one contiguous row segment at a time.
     */
    private void packTransposedB(double[] b, int n, int k, int p0, int depth) {
        if (bPack.length < depth * n) {
            bPack = new double[innerBlock * n];
        }
        for (int j = 0; j < n; j++) {
            System.arraycopy(b, j * k + p0, bPack, j * depth, depth);
        }
    }
}
