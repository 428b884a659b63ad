package io.jlstm.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.backend.scalar.ScalarBackend;
import org.junit.jupiter.api.Test;

class PaddedSequenceDatasetTest {

    @Test
    void collatedBatchCarriesLengths() {
        PaddedSequenceDataset data = new PaddedSequenceDataset(
                new double[][][] {{{1}, {2}, {3}}, {{4}}},
                new double[][][] {{{1}, {2}, {3}}, {{4}}});

        Batch batch = Batch.collate(new ScalarBackend(), data, new int[] {0, 1}, 0, 2);

        assertThat(data.steps()).isEqualTo(3);
        assertThat(batch.lengths().toArray()).containsExactly(3, 1);
        assertThat(batch.input().toArray()).containsExactly(1, 4, 2, 0, 3, 0);
    }

    @Test
    void fullLengthBatchHasNoLengths() {
        PaddedSequenceDataset data = new PaddedSequenceDataset(
                new double[][][] {{{1}, {2}}, {{4}, {5}}},
                new double[][][] {{{1}, {2}}, {{4}, {5}}});

        assertThat(Batch.collate(new ScalarBackend(), data, new int[] {0, 1}, 0, 2).lengths()).isNull();
    }

    @Test
    void emptySequenceIsNamed() {
        assertThatThrownBy(() -> new PaddedSequenceDataset(
                new double[][][] {{{1}}, {}},
                new double[][][] {{{1}}, {}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input sequence 1 has no steps");
    }

    @Test
    void targetOfOtherLengthIsRejected() {
        assertThatThrownBy(() -> new PaddedSequenceDataset(
                new double[][][] {{{1}, {2}}},
                new double[][][] {{{1}}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target sequence 0 has 1 steps, but its input has 2");
    }

    @Test
    void zeroLengthIsNamedAtCollation() {
        SequenceDataset data = new SequenceDataset() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public int steps() {
                return 2;
            }

            @Override
            public int length(int index) {
                return index == 1 ? 0 : 2;
            }

            @Override
            public int inputSize() {
                return 1;
            }

            @Override
            public int targetSize() {
                return 1;
            }

            @Override
            public void sample(int index, double[] input, double[] target) {
            }
        };

        assertThatThrownBy(() -> Batch.collate(new ScalarBackend(), data, new int[] {0, 1}, 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset sample 1 has length 0");
    }
}
