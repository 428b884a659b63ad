package io.jlstm.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.config.JlstmConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointPolicyTest {

    @Test
    void stepIntervalMakesACheckpointDue() {
        CheckpointPolicy policy = new CheckpointPolicy(Path.of("runs"), 5, 0.0);

        assertThat(policy.due(4, Long.MAX_VALUE)).isFalse();
        assertThat(policy.due(5, 0)).isTrue();
    }

    @Test
    void minuteIntervalMakesACheckpointDue() {
        CheckpointPolicy policy = new CheckpointPolicy(Path.of("runs"), 0, 1.5);

        assertThat(policy.due(1_000_000, 89_000_000_000L)).isFalse();
        assertThat(policy.due(0, 90_000_000_000L)).isTrue();
    }

    @Test
    void noDirectoryMeansNeverDue() {
        CheckpointPolicy policy = CheckpointPolicy.none();

        assertThat(policy.enabled()).isFalse();
        assertThat(policy.due(Long.MAX_VALUE, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void configSetsDirectoryAndIntervals() {
        JlstmConfig config = JlstmConfig.builder().set("checkpoint.dir", "out/ck").set("checkpoint.every-steps", "100")
                .set("checkpoint.every-minutes", "2.5").build();

        CheckpointPolicy policy = CheckpointPolicy.fromConfig(config);

        assertThat(policy.file()).isEqualTo(Path.of("out/ck", CheckpointFile.FILE_NAME));
        assertThat(policy.everySteps()).isEqualTo(100);
        assertThat(policy.everyMinutes()).isEqualTo(2.5);
    }

    @Test
    void negativeIntervalsAreRejected() {
        assertThatThrownBy(() -> new CheckpointPolicy(Path.of("runs"), -1, 0.0)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new CheckpointPolicy(Path.of("runs"), 0, Double.NaN)).hasMessageContaining("NaN");
    }
}
