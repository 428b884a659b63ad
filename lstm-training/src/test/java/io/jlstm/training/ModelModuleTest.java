package io.jlstm.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.ProvisionException;
import io.jlstm.api.layer.BidirectionalLayer;
import io.jlstm.api.layer.RecurrentLayer;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.ConfigKey;
import io.jlstm.training.config.ConfigSchema;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.ModelKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.PaddedSequenceDataset;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelModuleTest {

    private static JlstmConfig.Builder config() {
        return JlstmConfig.builder().set("backend", "scalar").set("model.hidden", "4");
    }

    private static SequenceModel model(JlstmConfig config) {
        return Jlstm.injector(config).getInstance(SequenceModel.class);
    }

    @Test
    void cellKeySelectsGru() {
        SequenceModel model = model(config().set("model.cell", "gru").set("model.layers", "2").build());

        assertThat(((RecurrentLayer) model.layers().get(1)).cell().type()).isEqualTo("gru");
        assertThat(model.parameters().names()).contains("gru.weight_hh_l1");
    }

    @Test
    void shapeKeysBuildBidirectionalProjectedManyToOne() {
        SequenceModel model = model(config().set("model.proj-size", "2").set("model.bidirectional", "true")
                .set("model.head", "many-to-one").set("model.dropout", "0.25").set("model.layers", "2").build());

        assertThat(model.layers().get(0)).isInstanceOf(BidirectionalLayer.class);
        assertThat(model.layers().get(1).inputSize()).as("input of layer 1: two projected directions").isEqualTo(4);
        assertThat(model.headMode()).isEqualTo(SequenceModel.Head.MANY_TO_ONE);
        assertThat(model.dropoutProbability()).isEqualTo(0.25);
    }

    @Test
    void shapeOptionsSurviveSaveAndLoad(@TempDir Path dir) throws IOException {
        ScalarBackend backend = new ScalarBackend();
        ModelSpec spec = ModelSpec.fromConfig(config().set("model.cell", "peephole-lstm").set("model.input-size", "2")
                .set("model.bidirectional", "true").set("model.head", "many-to-one").set("model.dropout", "0.5")
                .set("model.layers", "2").build());
        SequenceModel model = spec.build(backend, 9L).eval();
        Tensor x = backend.fromArray(6, 2, new double[] {0.1, -0.4, 0.9, 0.3, -0.2, 0.5, 0.7, 0.7, -1.0, 0.0, 0.2, 0.8});
        double[] before = model.forward(x, 2, SequenceLengths.of(3, 3, 2), null).predictions().toArray();

        ModelDirectory.save(dir, spec, model, ModelDirectory.newSections());
        ModelDirectory.Loaded loaded = ModelDirectory.load(dir, backend);
        SequenceModel restored = loaded.model().eval();

        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(restored.parameters().names()).containsExactlyElementsOf(model.parameters().names());
        assertThat(restored.parameters().names()).contains("peephole-lstm.weight_co_l1_reverse");
        assertThat(restored.dropoutProbability()).isEqualTo(0.5);
        assertThat(restored.forward(x, 2, SequenceLengths.of(3, 3, 2), null).predictions().toArray())
                .containsExactly(before);
    }

    @Test
    void unknownCellListsRegisteredNames() {
        JlstmConfig config = config().set("model.cell", "grue").build();

        assertThatThrownBy(() -> model(config))
                .isInstanceOf(ProvisionException.class)
                .hasRootCauseInstanceOf(ConfigException.class)
                .rootCause()
                .hasMessageContaining("unknown cell type 'grue' (key model.cell)")
                .hasMessageContaining("gru, lstm, peephole-lstm, rnn-relu, rnn-tanh");
    }

    @Test
    void projectionOnRnnIsAConfigError() {
        JlstmConfig config = config().set("model.cell", "rnn-tanh").set("model.proj-size", "2").build();

        assertThatThrownBy(() -> model(config))
                .rootCause()
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'rnn-tanh' does not support a projection");
    }

    @Test
    void projectionNotBelowHiddenIsAConfigError() {
        JlstmConfig config = config().set("model.proj-size", "4").build();

        assertThatThrownBy(() -> model(config))
                .rootCause()
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.proj-size is 4, but it must be below model.hidden (4)");
    }

    @Test
    void dropoutOfOneIsAConfigError() {
        JlstmConfig config = config().set("model.dropout", "1").build();

        assertThatThrownBy(() -> model(config))
                .rootCause()
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be below 1");
    }

    @Test
    void dropoutTrainingIsReproducibleFromTheSeed() {
        double[] a = trainPadded("5");
        double[] b = trainPadded("5");
        double[] c = trainPadded("6");

        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void paddedManyToOneTrainingLowersTheLoss() {
        JlstmConfig config = config().set("model.cell", "gru").set("model.head", "many-to-one")
                .set("optimizer.lr", "0.2").set("training.epochs", "60").set("training.batch-size", "4").build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        SequenceDataset data = runningMeanTask();
        double before = trainer.evaluate(data);

        trainer.fit(data, null);

        double after = trainer.evaluate(data);
        assertThat(after).as("loss before training %s", before).isLessThan(before / 2);
    }

    @Test
    void paddedTruncatedTrainingLowersTheLoss() {
        JlstmConfig config = config().set("model.cell", "lstm").set("bptt.k1", "2").set("optimizer.lr", "0.2")
                .set("training.epochs", "60").set("training.batch-size", "4").build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        SequenceDataset data = runningMeanTask();
        double before = trainer.evaluate(data);

        trainer.fit(data, null);

        double after = trainer.evaluate(data);
        assertThat(after).as("loss before training %s", before).isLessThan(before / 2);
    }

    @Test
    void modelKeysAreRegisteredAndDocumented() throws IOException {
        ConfigSchema schema = ConfigSchema.core();
        String docs = Files.readString(Path.of("..", "docs", "cells-and-shapes.md"));
        for (ConfigKey key : ModelKeys.all()) {
            assertThat(schema.find(key.name())).as(key.name()).isSameAs(key);
            assertThat(docs).as("docs/cells-and-shapes.md lists %s", key.name()).contains("`" + key.name() + "`");
        }
        assertThat(docs).contains("`" + CoreKeys.MODEL_CELL.name() + "`");
    }

    private static double[] trainPadded(String seed) {
        JlstmConfig config = config().set("seed", seed).set("model.cell", "rnn-tanh").set("model.layers", "2")
                .set("model.dropout", "0.3").set("training.epochs", "3").set("training.batch-size", "3").build();
        Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
        TrainingSummary summary = trainer.fit(runningMeanTask(), null);
        return summary.history().stream().mapToDouble(e -> e.trainingLoss()).toArray();
    }

    /** Sequences of lengths 1..6 whose target, at every step, is the mean of the inputs so far. */
    private static SequenceDataset runningMeanTask() {
        int count = 12;
        double[][][] inputs = new double[count][][];
        double[][][] targets = new double[count][][];
        for (int n = 0; n < count; n++) {
            int length = 1 + n % 6;
            inputs[n] = new double[length][1];
            targets[n] = new double[length][1];
            double sum = 0.0;
            for (int t = 0; t < length; t++) {
                inputs[n][t][0] = Math.sin(1.7 * n + 0.9 * t);
                sum += inputs[n][t][0];
                targets[n][t][0] = sum / (t + 1);
            }
        }
        return new PaddedSequenceDataset(inputs, targets);
    }
}
