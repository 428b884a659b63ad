package io.jlstm.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import io.jlstm.training.listen.StepEvent;
import io.jlstm.training.optim.OptimizerState;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training N steps equals training k steps, resuming from the checkpoint and training N - k more. */
class ResumeTest {

    private static final int TOTAL_STEPS = 11;

    @TempDir
    Path dir;

    private final SequenceDataset training = SineWaves.nextValueTask(10, 6);
    private final SequenceDataset validation = SineWaves.nextValueTask(4, 6);

    @Test
    void sgdWithMomentumResumesBitForBit() throws IOException {
        Map<String, String> settings = Map.of("optimizer.name", "sgd", "optimizer.lr", "0.2",
                "optimizer.sgd.momentum", "0.9", "optimizer.sgd.nesterov", "true");

        assertResumeIsExact(settings, 4);
        assertResumeIsExact(settings, 3);
    }

    @Test
    void adamWithScheduleResumesBitForBit() throws IOException {
        Map<String, String> settings = Map.of("optimizer.name", "adam", "optimizer.lr", "0.05",
                "schedule.name", "cosine", "schedule.t-max", "4", "schedule.warmup", "2",
                "schedule.interval", "step", "clip.norm", "0.5");

        assertResumeIsExact(settings, 5);
    }

    @Test
    void plateauScheduleAndTruncatedBpttResumeBitForBit() throws IOException {
        Map<String, String> settings = Map.of("optimizer.name", "rmsprop", "optimizer.lr", "0.01",
                "schedule.name", "plateau", "schedule.plateau.patience", "0", "bptt.k1", "4", "bptt.k2", "2");

        assertResumeIsExact(settings, 6);
    }

    @Test
    void earlyStoppingResumesAtTheSameEpoch() throws IOException {
        // With min-delta 1, only the first epoch improves, so training stops after epoch 1 + patience.
        Map<String, String> settings = Map.of("optimizer.lr", "0.1", "training.epochs", "10",
                "early-stopping.patience", "3", "early-stopping.min-delta", "1", "early-stopping.restore-best", "true");
        Trainer straight = trainer(settings, 1000);
        TrainingSummary straightSummary = straight.fit(training, validation);
        assertThat(straightSummary.stopReason()).contains("early stopping");
        assertThat(straightSummary.steps()).isEqualTo(4 * 4);

        Path checkpoints = dir.resolve("early-stopping");
        Map<String, String> withCheckpoints = new java.util.HashMap<>(settings);
        withCheckpoints.put("checkpoint.dir", checkpoints.toString());
        trainer(withCheckpoints, 2 * 4).fit(training, validation);
        Checkpoint checkpoint = CheckpointFile.read(checkpoints.resolve(CheckpointFile.FILE_NAME));
        assertThat(checkpoint.listeners().get("early-stopping").longValue("epochs_without_improvement")).isEqualTo(1);

        Trainer second = trainer(settings, 1000);
        TrainingSummary resumedSummary = second.fit(training, validation, checkpoint);

        assertThat(resumedSummary.stopReason()).isEqualTo(straightSummary.stopReason());
        assertThat(resumedSummary.steps()).isEqualTo(straightSummary.steps());
        for (String name : straight.model().parameters().names()) {
            assertThat(second.model().parameters().get(name).value().toArray()).as(name)
                    .containsExactly(straight.model().parameters().get(name).value().toArray());
        }
    }

    @Test
    void invalidListenerStateFailsBeforeAnyUpdate() throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("optimizer.lr", "0.1", "training.epochs", "10",
                "early-stopping.patience", "3"));
        Path checkpoints = dir.resolve("invalid-listener");
        settings.put("checkpoint.dir", checkpoints.toString());
        trainer(settings, 2 * 4).fit(training, validation);
        Path file = checkpoints.resolve(CheckpointFile.FILE_NAME);
        Checkpoint saved = CheckpointFile.read(file);
        ListenerState early = saved.listeners().get("early-stopping");
        Map<String, String> values = new java.util.HashMap<>(early.values());
        values.put("epochs_without_improvement", "2147483647");
        Checkpoint damaged = new Checkpoint(saved.seed(), saved.steps(), saved.epoch(), saved.batch(), saved.order(),
                saved.epochLossSum(), saved.parameters(), saved.optimizer(), saved.schedule(), saved.config(),
                Map.of("early-stopping", new ListenerState(values, early.tensors())));
        byte[] before = Files.readAllBytes(file);

        Trainer resumed = trainer(settings, 1000);
        List<String> events = new ArrayList<>();
        resumed.addListener(new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                events.add("step");
            }

            @Override
            public void onFinish(TrainingSummary summary) {
                events.add("finish: " + summary.stopReason());
            }
        });

        assertThatThrownBy(() -> resumed.fit(training, validation, damaged))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot resume the state of listener 'early-stopping'")
                .hasMessageContaining("2147483647 epochs without improvement");
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).startsWith("finish: cannot resume the state of listener 'early-stopping'");
        assertThat(Files.readAllBytes(file)).as("checkpoint file after the failed resume").isEqualTo(before);
    }

    @Test
    void optimizerBuffersThatDoNotFitAreRejected() throws IOException {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("optimizer.sgd.momentum", "0.9"));
        Path checkpoints = dir.resolve("buffers");
        settings.put("checkpoint.dir", checkpoints.toString());
        trainer(settings, 2).fit(training, validation);
        Checkpoint saved = CheckpointFile.read(checkpoints.resolve(CheckpointFile.FILE_NAME));
        double[] bias = saved.optimizer().buffers().get("head.bias").get("momentum_buffer");
        Map<String, double[]> shortBuffer = Map.of("momentum_buffer", new double[] {1.0});
        Map<String, double[]> nanBuffer = Map.of("momentum_buffer", new double[] {Double.NaN});
        Map<String, double[]> fine = Map.of("momentum_buffer", bias);
        Map<String, Map<String, Map<String, double[]>>> cases = new java.util.LinkedHashMap<>();
        cases.put("optimizer buffer 'momentum_buffer' of 'lstm.weight_ih_l0' has 1 element, but the parameter has 16",
                Map.of("lstm.weight_ih_l0", shortBuffer, "head.bias", fine));
        cases.put("optimizer state has buffers of parameter 'ghost', which the model lacks",
                Map.of("ghost", shortBuffer, "head.bias", fine));
        cases.put("optimizer buffer 'momentum_buffer' of 'head.bias' contains NaN at index 0",
                Map.of("head.bias", nanBuffer));

        for (var c : cases.entrySet()) {
            OptimizerState optimizer = new OptimizerState(saved.optimizer().optimizer(), saved.optimizer().steps(),
                    saved.optimizer().learningRate(), c.getValue());
            Checkpoint damaged = new Checkpoint(saved.seed(), saved.steps(), saved.epoch(), saved.batch(),
                    saved.order(), saved.epochLossSum(), saved.parameters(), optimizer, saved.schedule(),
                    saved.config(), saved.listeners());
            Trainer resumed = trainer(Map.of("optimizer.sgd.momentum", "0.9"), 1000);
            double[] before = resumed.model().parameters().get("head.bias").value().toArray();
            List<Long> steps = new ArrayList<>();
            resumed.addListener(new TrainingListener() {
                @Override
                public void onStep(StepEvent step) {
                    steps.add(step.step());
                }
            });

            assertThatThrownBy(() -> resumed.fit(training, validation, damaged)).as(c.getKey())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("cannot resume from the checkpoint: " + c.getKey());
            assertThat(steps).as(c.getKey()).isEmpty();
            assertThat(resumed.model().parameters().get("head.bias").value().toArray()).as(c.getKey())
                    .containsExactly(before);
        }
    }

    @Test
    void periodicCheckpointsReplaceTheFileAtomically() throws IOException {
        Path checkpoints = dir.resolve("periodic");
        Trainer trainer = trainer(Map.of("checkpoint.dir", checkpoints.toString(), "checkpoint.every-steps", "2"),
                0);
        List<Long> sizes = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                if (Files.exists(checkpoints.resolve(CheckpointFile.FILE_NAME))) {
                    sizes.add(step.step());
                }
            }
        });

        trainer.fit(training, validation);

        assertThat(sizes).isNotEmpty().first().isEqualTo(3L);
        try (Stream<Path> files = Files.list(checkpoints)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CheckpointFile.FILE_NAME);
        }
        Checkpoint last = CheckpointFile.read(checkpoints.resolve(CheckpointFile.FILE_NAME));
        assertThat(last.epoch()).isEqualTo(4);
        assertThat(last.batch()).isZero();
        assertThat(last.steps()).isEqualTo(12);
    }

    @Test
    void checkpointOfAnotherSeedIsRejected() throws IOException {
        Path checkpoints = dir.resolve("seed");
        trainer(Map.of("checkpoint.dir", checkpoints.toString()), 2).fit(training, validation);
        Checkpoint checkpoint = CheckpointFile.read(checkpoints.resolve(CheckpointFile.FILE_NAME));
        Trainer other = trainer(Map.of("seed", "99"), 0);

        assertThatThrownBy(() -> other.fit(training, validation, checkpoint)).hasMessageContaining("seed 42")
                .hasMessageContaining("seed = 42");
    }

    @Test
    void checkpointOfOtherDataIsRejected() throws IOException {
        Path checkpoints = dir.resolve("data");
        trainer(Map.of("checkpoint.dir", checkpoints.toString()), 2).fit(training, validation);
        Checkpoint checkpoint = CheckpointFile.read(checkpoints.resolve(CheckpointFile.FILE_NAME));

        assertThatThrownBy(() -> trainer(Map.of(), 0).fit(SineWaves.nextValueTask(7, 6), validation, checkpoint))
                .hasMessageContaining("10 samples").hasMessageContaining("7");
    }

    @Test
    void checkpointOfAnotherOptimizerIsRejected() throws IOException {
        Path checkpoints = dir.resolve("optimizer");
        trainer(Map.of("checkpoint.dir", checkpoints.toString()), 2).fit(training, validation);
        Checkpoint checkpoint = CheckpointFile.read(checkpoints.resolve(CheckpointFile.FILE_NAME));

        assertThatThrownBy(() -> trainer(Map.of("optimizer.name", "adam"), 0).fit(training, validation, checkpoint))
                .hasMessageContaining("optimizer.name = sgd");
    }

    private void assertResumeIsExact(Map<String, String> settings, int firstPart) throws IOException {
        Trainer straight = trainer(settings, TOTAL_STEPS);
        List<Double> straightLosses = losses(straight);
        TrainingSummary straightSummary = straight.fit(training, validation);

        Path checkpoints = dir.resolve("part-" + firstPart + "-" + settings.hashCode());
        Map<String, String> withCheckpoints = new java.util.HashMap<>(settings);
        withCheckpoints.put("checkpoint.dir", checkpoints.toString());
        Trainer first = trainer(withCheckpoints, firstPart);
        List<Double> resumedLosses = losses(first);
        first.fit(training, validation);
        Checkpoint checkpoint = CheckpointFile.read(checkpoints.resolve(CheckpointFile.FILE_NAME));
        assertThat(checkpoint.steps()).isGreaterThanOrEqualTo(firstPart);

        Trainer second = trainer(settings, TOTAL_STEPS);
        second.addListener(new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                resumedLosses.add(step.loss());
            }
        });
        TrainingSummary resumedSummary = second.fit(training, validation, checkpoint);

        assertThat(resumedLosses).containsExactlyElementsOf(straightLosses);
        assertThat(resumedSummary.steps()).isEqualTo(straightSummary.steps());
        assertThat(second.optimizer().learningRate()).isEqualTo(straight.optimizer().learningRate());
        for (String name : straight.model().parameters().names()) {
            assertThat(second.model().parameters().get(name).value().toArray()).as(name)
                    .containsExactly(straight.model().parameters().get(name).value().toArray());
        }
    }

    private static List<Double> losses(Trainer trainer) {
        List<Double> losses = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                losses.add(step.loss());
            }
        });
        return losses;
    }

    private static Trainer trainer(Map<String, String> settings, long maxSteps) {
        JlstmConfig.Builder builder = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("model.hidden", "4")
                .set("training.epochs", "3")
                .set("training.batch-size", "3")
                .set("training.max-steps", Long.toString(maxSteps));
        settings.forEach(builder::set);
        return Jlstm.injector(builder.build()).getInstance(Trainer.class);
    }
}
