package io.jlstm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.training.listen.TrainingSummary;
import org.junit.jupiter.api.Test;

class QuickStartTest {

    @Test
    void quickStartLossFalls() {
        TrainingSummary summary = QuickStart.run("scalar");

        assertThat(summary.epochs()).isEqualTo(60);
        assertThat(summary.finalTrainingLoss()).isLessThan(summary.history().get(0).trainingLoss() / 10);
    }
}
