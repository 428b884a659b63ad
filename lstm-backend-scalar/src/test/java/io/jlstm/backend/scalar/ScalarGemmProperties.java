package io.jlstm.backend.scalar;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.tensor.Tensor;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The cache-blocked GEMM against a textbook triple loop, with sizes that cross the block edges. */
class ScalarGemmProperties {

    @Property(tries = 150)
    void blockedGemmMatchesTripleLoop(@ForAll boolean transA, @ForAll boolean transB,
            @ForAll @IntRange(min = 1, max = 5) int m, @ForAll @IntRange(min = 1, max = 300) int n,
            @ForAll @IntRange(min = 1, max = 300) int k, @ForAll @IntRange(min = -2, max = 2) int alpha,
            @ForAll @IntRange(min = -1, max = 1) int beta, @ForAll long seed) {
        ScalarBackend backend = new ScalarBackend();
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = values(random, m * k);
        double[] b = values(random, k * n);
        double[] c = values(random, m * n);
        Tensor ta = transA ? backend.fromArray(k, m, a) : backend.fromArray(m, k, a);
        Tensor tb = transB ? backend.fromArray(n, k, b) : backend.fromArray(k, n, b);
        Tensor tc = backend.fromArray(m, n, c);

        backend.gemm(transA, transB, alpha, ta, tb, beta, tc);

        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[p * m + i] : a[i * k + p];
                    double bpj = transB ? b[j * k + p] : b[p * n + j];
                    sum += aip * bpj;
                }
                double expected = alpha * sum + beta * c[i * n + j];
                assertThat(tc.get(i, j)).as("C[%d, %d]", i, j).isCloseTo(expected,
                        Offset.offset(1e-12 * (k + 1)));
            }
        }
    }

    private static double[] values(SplittableRandom random, int count) {
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            v[i] = random.nextDouble(-1.0, 1.0);
        }
        return v;
    }
}
