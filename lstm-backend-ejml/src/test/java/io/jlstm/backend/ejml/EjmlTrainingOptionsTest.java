package io.jlstm.backend.ejml;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.bptt.FullBptt;
import io.jlstm.training.bptt.TruncatedBptt;
import io.jlstm.training.checkpoint.Checkpoint;
import io.jlstm.training.checkpoint.CheckpointFile;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.Batch;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.SineWaves;
import io.jlstm.training.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated BPTT, resume and determinism hold on the EJML backend as they do on the scalar one. */
class EjmlTrainingOptionsTest {

    @TempDir
    Path dir;

    private final SequenceDataset training = SineWaves.nextValueTask(10, 6);
    private final SequenceDataset validation = SineWaves.nextValueTask(4, 6);

    @Test
    void wholeSequenceSegmentEqualsFullBptt() {
        EjmlBackend backend = new EjmlBackend();
        SequenceModel full = SequenceModel.lstm(backend, 1, 4, 1, 2, 3L);
        SequenceModel truncated = SequenceModel.lstm(backend, 1, 4, 1, 2, 3L);
        int[] order = {0, 1, 2, 3};
        Batch batch = Batch.collate(backend, training, order, 0, 4);
        Sgd a = new Sgd(0.3, 0.9, 0.0, false, 0.0);
        Sgd b = new Sgd(0.3, 0.9, 0.0, false, 0.0);

        new FullBptt().train(full, batch, new io.jlstm.api.loss.MseLoss(), value -> a.step(full.parameters()));
        new TruncatedBptt(6, 6).train(truncated, batch, new io.jlstm.api.loss.MseLoss(),
                value -> b.step(truncated.parameters()));

        for (String name : full.parameters().names()) {
            assertThat(truncated.parameters().get(name).value().toArray()).as(name)
                    .containsExactly(full.parameters().get(name).value().toArray());
        }
    }

    @Test
    void adamWithScheduleResumesBitForBit() throws IOException {
        assertResumeIsExact(Map.of("optimizer.name", "adam", "optimizer.lr", "0.05", "schedule.name", "cosine",
                "schedule.t-max", "4", "schedule.warmup", "2", "schedule.interval", "step", "clip.norm", "0.5"));
    }

    @Test
    void sgdWithMomentumAndTruncatedBpttResumesBitForBit() throws IOException {
        assertResumeIsExact(Map.of("optimizer.name", "sgd", "optimizer.lr", "0.2", "optimizer.sgd.momentum", "0.9",
                "bptt.k1", "4", "bptt.k2", "2"));
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        Trainer a = trainer(Map.of("optimizer.name", "adamw"), 0);
        Trainer b = trainer(Map.of("optimizer.name", "adamw"), 0);

        a.fit(training, validation);
        b.fit(training, validation);

        for (String name : a.model().parameters().names()) {
            assertThat(b.model().parameters().get(name).value().toArray()).as(name)
                    .containsExactly(a.model().parameters().get(name).value().toArray());
        }
    }

    private void assertResumeIsExact(Map<String, String> settings) throws IOException {
        Trainer straight = trainer(settings, 11);
        straight.fit(training, validation);

        Map<String, String> withCheckpoints = new HashMap<>(settings);
        withCheckpoints.put("checkpoint.dir", dir.toString());
        trainer(withCheckpoints, 5).fit(training, validation);
        Checkpoint checkpoint = CheckpointFile.read(dir.resolve(CheckpointFile.FILE_NAME));
        Trainer resumed = trainer(settings, 11);
        resumed.fit(training, validation, checkpoint);

        assertThat(resumed.model().backend()).isInstanceOf(EjmlBackend.class);
        for (String name : straight.model().parameters().names()) {
            assertThat(resumed.model().parameters().get(name).value().toArray()).as(name)
                    .containsExactly(straight.model().parameters().get(name).value().toArray());
        }
    }

    private static Trainer trainer(Map<String, String> settings, long maxSteps) {
        JlstmConfig.Builder builder = JlstmConfig.builder()
                .set("backend", "ejml")
                .set("model.hidden", "4")
                .set("training.epochs", "3")
                .set("training.batch-size", "3")
                .set("training.max-steps", Long.toString(maxSteps));
        settings.forEach(builder::set);
        return Jlstm.injector(builder.build()).getInstance(Trainer.class);
    }
}
