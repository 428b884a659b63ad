package io.jlstm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingStart;
import io.jlstm.training.memory.InsufficientHeapException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer's heap estimate before the first update. */
class MemoryCheckTest {

    /** 4 sequences of 2 million steps: 58 GB of activations at hidden size 64, never sampled when rejected. */
    private static final SequenceDataset HUGE = new SequenceDataset() {
        @Override
        public int size() {
            return 4;
        }

        @Override
        public int steps() {
            return 2_000_000;
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
            throw new IllegalStateException("sampled sequence " + index);
        }
    };

    @Test
    void oversizedRunFailsBeforeTraining() {
        Trainer trainer = trainer("true");
        List<TrainingStart> starts = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStart(TrainingStart start) {
                starts.add(start);
            }
        });

        assertThatThrownBy(() -> trainer.fit(HUGE, null))
                .isInstanceOf(InsufficientHeapException.class)
                .hasMessageContaining("2000000 steps x 4 sequences, 1 recurrent layer")
                .hasMessageContaining("bptt.k1 = ")
                .hasMessageContaining("-Xmx");
        assertThat(starts).isEmpty();
    }

    @Test
    void disabledCheckLetsTrainingStart() {
        Trainer trainer = trainer("false");

        assertThatThrownBy(() -> trainer.fit(HUGE, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sampled sequence");
    }

    private static Trainer trainer(String memoryCheck) {
        JlstmConfig config = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("model.hidden", "64")
                .set("training.batch-size", "4")
                .set("training.shuffle", "false")
                .set("training.memory-check", memoryCheck)
                .build();
        return Jlstm.injector(config).getInstance(Trainer.class);
    }

    @Test
    void modelLargerThanHeapFailsBeforeBuilding() {
        JlstmConfig config = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("model.hidden", "65536")
                .set("model.layers", "64")
                .build();

        assertThatThrownBy(() -> Jlstm.injector(config).getInstance(Trainer.class))
                .hasRootCauseInstanceOf(InsufficientHeapException.class)
                .rootCause()
                .hasMessageContaining("the model needs an estimated 31.8 TiB of heap for its 2181877268481 parameter"
                        + " values and their gradients (lstm, hidden 65536, 64 layers)")
                .hasMessageContaining("Use a smaller model.hidden or model.layers");
    }
}
