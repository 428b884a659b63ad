package io.jlstm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Module;
import io.jlstm.api.param.Parameter;
import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSchema;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;
import io.jlstm.training.data.ArraySequenceDataset;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import io.jlstm.training.listen.StepEvent;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.listen.TrainingSummary;
import io.jlstm.training.optim.Adam;
import io.jlstm.training.optim.AdaGrad;
import io.jlstm.training.optim.RmsProp;
import io.jlstm.training.optim.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer with the options of {@link TrainingKeys}, wired from configuration. */
class TrainingOptionsTest {

    private final SequenceDataset data = SineWaves.nextValueTask(8, 5);

    @Test
    void sameSeedAndConfigGiveBitIdenticalWeights() {
        Map<String, String> settings = Map.of("optimizer.name", "adam", "bptt.k1", "2", "clip.norm", "0.1",
                "schedule.name", "exponential", "schedule.gamma", "0.9");
        Trainer a = trainer(settings, 5L);
        Trainer b = trainer(settings, 5L);
        Trainer c = trainer(settings, 6L);

        a.fit(data, data);
        b.fit(data, data);
        c.fit(data, data);

        for (String name : a.model().parameters().names()) {
            assertThat(b.model().parameters().get(name).value().toArray()).as(name)
                    .containsExactly(a.model().parameters().get(name).value().toArray());
        }
        assertThat(c.model().parameters().get("head.weight").value().toArray())
                .isNotEqualTo(a.model().parameters().get("head.weight").value().toArray());
    }

    @Test
    void optimizerIsChosenByName() {
        assertThat(trainer(Map.of("optimizer.name", "sgd"), 1L).optimizer()).isInstanceOf(Sgd.class);
        assertThat(trainer(Map.of("optimizer.name", "adam"), 1L).optimizer().name()).isEqualTo("adam");
        assertThat(trainer(Map.of("optimizer.name", "adamw"), 1L).optimizer()).isInstanceOf(Adam.class);
        assertThat(trainer(Map.of("optimizer.name", "rmsprop"), 1L).optimizer()).isInstanceOf(RmsProp.class);
        assertThat(trainer(Map.of("optimizer.name", "adagrad"), 1L).optimizer()).isInstanceOf(AdaGrad.class);
    }

    @Test
    void invalidOptimizerSettingsNameTheKeys() {
        assertThatThrownBy(() -> trainer(Map.of("optimizer.sgd.nesterov", "true"), 1L))
                .hasMessageContaining("optimizer 'sgd'").hasMessageContaining("Nesterov");
    }

    @Test
    void truncatedBpttMakesOneUpdatePerSegment() {
        Trainer trainer = trainer(Map.of("bptt.k1", "2", "training.batch-size", "4"), 1L);

        TrainingSummary summary = trainer.fit(data, null);

        // 2 minibatches of 4 sequences, each cut into segments of 2, 2 and 1 steps.
        assertThat(summary.steps()).isEqualTo(2 * 3);
    }

    @Test
    void nonFiniteLossStopsTrainingNamingTheUpdate() {
        Trainer trainer = trainer(Map.of(), 1L);
        SequenceDataset poisoned = poisoned();

        assertThatThrownBy(() -> trainer.fit(poisoned, null)).isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("update 2 (epoch 1, minibatch 2 of 2)")
                .hasMessageContaining("training.allow-non-finite");
    }

    @Test
    void divergedRunStillFinishesListeners() {
        Trainer trainer = trainer(Map.of(), 1L);
        List<TrainingSummary> finished = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onFinish(TrainingSummary summary) {
                finished.add(summary);
            }
        });

        assertThatThrownBy(() -> trainer.fit(poisoned(), null)).isInstanceOf(TrainingDivergedException.class);
        assertThat(finished).hasSize(1);
        assertThat(finished.get(0).steps()).isEqualTo(1);
        assertThat(finished.get(0).stopReason()).contains("update 2");
    }

    @Test
    void addedOptimizerIsBoundByName() {
        JlstmConfig config = JlstmConfig.builder().set("backend", "scalar").set("optimizer.name", "halved-sgd").build();
        Module extra = binder -> TrainingModule.optimizers(binder).addBinding("halved-sgd")
                .toInstance(c -> new Sgd(c.getDouble(io.jlstm.training.config.CoreKeys.LEARNING_RATE) / 2));
        List<Module> modules = new ArrayList<>(Jlstm.modules(config));
        modules.add(extra);

        Trainer trainer = Guice.createInjector(modules).getInstance(Trainer.class);

        assertThat(trainer.optimizer().learningRate()).isEqualTo(0.005);
    }

    @Test
    void unknownOptimizerListsTheNames() {
        assertThatThrownBy(() -> trainer(Map.of("optimizer.name", "lion"), 1L)).hasMessageContaining("'lion'")
                .hasMessageContaining("adagrad, adam, adamw, rmsprop, sgd");
    }

    @Test
    void nonFiniteUpdatesAreSkippedWhenAllowed() {
        Trainer trainer = trainer(Map.of("training.allow-non-finite", "true"), 1L);
        List<StepEvent> steps = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                steps.add(step);
            }
        });

        TrainingSummary summary = trainer.fit(poisoned(), null);

        // Without shuffling the poisoned sequence 5 lies in the second minibatch, which is skipped.
        assertThat(summary.steps()).isEqualTo(1);
        assertThat(steps).allSatisfy(s -> assertThat(s.loss()).isFinite());
        for (Parameter p : trainer.model().parameters()) {
            for (double v : p.value().toArray()) {
                assertThat(v).as(p.name()).isFinite();
            }
        }
    }

    @Test
    void maxStepsStopsTraining() {
        TrainingSummary summary = trainer(Map.of("training.max-steps", "3", "training.epochs", "3"), 1L)
                .fit(data, null);

        assertThat(summary.steps()).isEqualTo(3);
        assertThat(summary.stopReason()).contains("training.max-steps = 3");
    }

    @Test
    void stepEventsCarryNormAndLearningRate() {
        Trainer trainer = trainer(Map.of("clip.norm", "1e-3", "schedule.name", "step", "schedule.step-size", "1",
                "schedule.gamma", "0.5", "schedule.interval", "step"), 1L);
        List<StepEvent> steps = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void onStep(StepEvent step) {
                steps.add(step);
            }
        });

        trainer.fit(data, null);

        assertThat(steps.get(0).learningRate()).isEqualTo(0.01);
        assertThat(steps.get(1).learningRate()).isEqualTo(0.005);
        assertThat(steps.get(0).gradientNorm()).isGreaterThan(1e-3);
        assertThat(steps.get(0).samplesPerSecond()).isPositive();
    }

    @Test
    void plateauScheduleWithoutValidationDataIsRejected() {
        Trainer trainer = trainer(Map.of("schedule.name", "plateau"), 1L);

        assertThatThrownBy(() -> trainer.fit(data, null)).hasMessageContaining("validation data");
    }

    @Test
    void earlyStoppingWithoutValidationDataIsRejected() {
        Trainer trainer = trainer(Map.of("early-stopping.patience", "2"), 1L);

        assertThatThrownBy(() -> trainer.fit(data, null)).hasMessageContaining("early-stopping.patience = 0");
    }

    @Test
    void earlyStoppingEndsAStalledRun() {
        Trainer trainer = trainer(Map.of("early-stopping.patience", "1", "early-stopping.min-delta", "1e9",
                "training.epochs", "5"), 1L);

        TrainingSummary summary = trainer.fit(data, data);

        assertThat(summary.epochs()).isEqualTo(2);
        assertThat(summary.stopReason()).startsWith("early stopping");
    }

    @Test
    void metricsFileIsWrittenFromConfiguration() throws IOException {
        Path file = Files.createTempDirectory("metrics").resolve("run.csv");
        Trainer trainer = trainer(Map.of("metrics.file", file.toString(), "metrics.format", "csv"), 1L);

        trainer.fit(data, data);

        List<String> lines = Files.readAllLines(file);
        assertThat(lines.get(0)).startsWith("kind,epoch,step");
        assertThat(lines).filteredOn(l -> l.startsWith("step,")).hasSize(2);
        assertThat(lines).filteredOn(l -> l.startsWith("epoch,")).hasSize(1);
    }

    @Test
    void trainingKeysAreRegisteredAndDocumented() throws IOException {
        ConfigSchema schema = ConfigSchema.core();
        String docs = Files.readString(Path.of("..", "docs", "training.md"));
        for (ConfigKey key : TrainingKeys.all()) {
            assertThat(schema.find(key.name())).as(key.name()).isSameAs(key);
            assertThat(docs).as("docs/training.md lists %s", key.name()).contains("`" + key.name() + "`");
        }
    }

    private SequenceDataset poisoned() {
        double[][][] inputs = new double[8][5][1];
        double[][][] targets = new double[8][5][1];
        for (int n = 0; n < 8; n++) {
            for (int t = 0; t < 5; t++) {
                inputs[n][t][0] = Math.sin(n + t);
                targets[n][t][0] = n == 5 && t == 2 ? Double.NaN : Math.cos(n + t);
            }
        }
        return new ArraySequenceDataset(inputs, targets);
    }

    private static Trainer trainer(Map<String, String> settings, long seed) {
        JlstmConfig.Builder builder = JlstmConfig.builder()
                .set("backend", "scalar")
                .set("seed", Long.toString(seed))
                .set("model.hidden", "3")
                .set("training.epochs", "1")
                .set("training.batch-size", "4")
                .set("training.shuffle", "false");
        settings.forEach(builder::set);
        return Jlstm.injector(builder.build()).getInstance(Trainer.class);
    }
}
