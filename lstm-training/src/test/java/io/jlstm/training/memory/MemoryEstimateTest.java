package io.jlstm.training.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

    private final Backend backend = new ScalarBackend();

    @Test
    void activationsMatchMeasuredAllocation() {
        int batch = 8;
        int steps = 300;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String cell : MemoryEstimate.SAVED_VALUES_PER_HIDDEN.keySet()) {
            SequenceModel model = SequenceModel.builder(backend).cell(cell).inputSize(3).hiddenSize(32).outputSize(2)
                    .layers(2).seed(1L).build();
            Tensor x = backend.zeros(steps * batch, 3);
            Tensor y = backend.zeros(steps * batch, 2);
            MemoryEstimate estimate = MemoryEstimate.forTraining(model, "sgd", batch, steps, steps, 0);
            trainingStep(model, x, y, batch);

            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            trainingStep(model, x, y, batch);
            long measured = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

            // The estimate also counts a segment copy of input and target, which full BPTT does not make.
            assertThat((double) estimate.activationBytes()).as(cell).isBetween(0.9 * measured, 1.2 * measured);
        }
    }

    @Test
    void partsFollowTheFormulas() {
        MemoryEstimate.Run run = new MemoryEstimate.Run(List.of(new MemoryEstimate.Layer("lstm", 3, 10),
                new MemoryEstimate.Layer("lstm", 10, 10)), 2, 1000, "adam", 4, 50, 20, 600);

        MemoryEstimate estimate = MemoryEstimate.of(run);

        assertThat(estimate.parameterBytes()).isEqualTo(8_000);
        assertThat(estimate.gradientBytes()).isEqualTo(8_000);
        assertThat(estimate.optimizerBytes()).isEqualTo(16_000);
        // 20 steps x 4 sequences x (10*8 + 3 + 10*8 + 10 + 10 + 2*2 + 3 + 2) values of 8 bytes.
        assertThat(estimate.activationBytes()).isEqualTo(20L * 4 * 192 * 8);
        assertThat(estimate.batchBytes()).isEqualTo(50L * 4 * 5 * 8);
        assertThat(estimate.dataBytes()).isEqualTo(4_800);
        assertThat(estimate.checkpointBytes()).isEqualTo(48_000);
    }

    @Test
    void fittingRunPasses() {
        MemoryEstimate estimate = MemoryEstimate.of(run(100, 16, 100));

        estimate.requireFits(estimate.totalBytes());
    }

    @Test
    void oversizedRunNamesEstimateAndOptions() {
        MemoryEstimate estimate = MemoryEstimate.of(run(10_000, 64, 10_000));

        assertThatThrownBy(() -> estimate.requireFits(1L << 30))
                .isInstanceOf(InsufficientHeapException.class)
                .hasMessageContaining("training needs an estimated 11.0 GiB of heap, but the maximum heap is 1.0 GiB")
                .hasMessageContaining("activations kept for BPTT 11.0 GiB (10000 steps x 64 sequences, 1 recurrent layer)")
                .hasMessageContaining("truncated BPTT with bptt.k1 = ")
                .hasMessageContaining("training.batch-size = ")
                .hasMessageContaining("start java with -Xmx14g");
    }

    @Test
    void suggestedSettingsFit() {
        MemoryEstimate.Run run = run(10_000, 64, 10_000);
        long heap = 1L << 30;

        InsufficientHeapException e = catchHeap(MemoryEstimate.of(run), heap);
        int k1 = Integer.parseInt(e.getMessage().replaceAll("(?s).*bptt.k1 = (\\d+).*", "$1"));
        int batch = Integer.parseInt(e.getMessage().replaceAll("(?s).*training.batch-size = (\\d+).*", "$1"));

        assertThat(MemoryEstimate.of(run.withSegmentSteps(k1)).totalBytes()).isLessThanOrEqualTo(heap);
        assertThat(MemoryEstimate.of(run.withSegmentSteps(k1 + 1)).totalBytes()).isGreaterThan(heap);
        assertThat(MemoryEstimate.of(run.withBatch(batch)).totalBytes()).isLessThanOrEqualTo(heap);
        assertThat(MemoryEstimate.of(run.withBatch(batch + 1)).totalBytes()).isGreaterThan(heap);
    }

    @Test
    void noSmallerSettingFitsLeavesOnlyHeap() {
        MemoryEstimate.Run run = new MemoryEstimate.Run(List.of(new MemoryEstimate.Layer("lstm", 1, 1)), 1, 1,
                "sgd", 1, 1, 1, 1_000_000);

        assertThatThrownBy(() -> MemoryEstimate.of(run).requireFits(1 << 20))
                .hasMessageNotContaining("bptt.k1 =")
                .hasMessageNotContaining("training.batch-size =")
                .hasMessageContaining("-Xmx1g");
    }

    @Test
    void invalidSizesAreRejected() {
        assertThatThrownBy(() -> MemoryEstimate.of(run(10, 4, 11))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid sizes");
    }

    @Test
    void bytesAreFormattedWithBinaryUnits() {
        assertThat(MemoryEstimate.format(512)).isEqualTo("512 bytes");
        assertThat(MemoryEstimate.format(1536)).isEqualTo("1.5 KiB");
        assertThat(MemoryEstimate.format(3L << 30)).isEqualTo("3.0 GiB");
    }

    private static MemoryEstimate.Run run(int steps, int batch, int segmentSteps) {
        return new MemoryEstimate.Run(List.of(new MemoryEstimate.Layer("lstm", 1, 256)), 1, 300_000, "adam", batch,
                steps, segmentSteps, 0);
    }

    private static InsufficientHeapException catchHeap(MemoryEstimate estimate, long heap) {
        try {
            estimate.requireFits(heap);
        } catch (InsufficientHeapException e) {
            return e;
        }
        throw new AssertionError("expected the estimate " + estimate.totalBytes() + " to exceed " + heap);
    }

    private static void trainingStep(SequenceModel model, Tensor x, Tensor y, int batch) {
        SequenceModel.Pass pass = model.forward(x, batch, null);
        Tensor dPredictions = x.backend().zeros(pass.predictions().rows(), pass.predictions().cols());
        new MseLoss().compute(pass.predictions(), y, dPredictions);
        model.backward(pass, dPredictions);
    }
}
