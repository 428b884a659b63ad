package io.jlstm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.checkpoint.Checkpoint;
import io.jlstm.training.checkpoint.CheckpointFile;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.Safetensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code jlstm train} in a separate process with a checkpoint after every update, kills it
 * with SIGKILL at random moments and continues with {@code jlstm train --resume}. After each kill
 * the checkpoint must load; the finished run must save the same weights, bit for bit, as a run
 * that was never interrupted.
 *
 * <p>The number of kills is {@code -Djlstm.kill-test.points} (default 5, to keep the build short).
 */
class TrainKillResumeTest {

    private static final int POINTS = Integer.getInteger("jlstm.kill-test.points", 5);
    /**
     * Epochs of the run (11 updates each), enough that most kills land before training ends even
     * on a fast machine.
     */
    private static final int EPOCHS = 100 + 4 * POINTS;
    /** The kill comes 0 to this many milliseconds after the process wrote its first checkpoint. */
    private static final int MAX_DELAY_MILLIS = 500;

    @TempDir
    Path dir;

    @Test
    void killedTrainResumesToSameModel() throws Exception {
        Path referenceModel = dir.resolve("reference-model");
        StringWriter err = new StringWriter();
        int status = JlstmCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err),
                args(referenceModel, dir.resolve("reference-checkpoints"), false).toArray(String[]::new));
        assertThat(status).as(err.toString()).isZero();

        Path model = dir.resolve("model");
        Path checkpoints = dir.resolve("checkpoints");
        Path checkpointFile = checkpoints.resolve(CheckpointFile.FILE_NAME);
        SplittableRandom random = new SplittableRandom(Long.getLong("jlstm.kill-test.seed", 11L));
        List<String> corrupt = new ArrayList<>();
        int killedDuringTraining = 0;
        long lastSteps = 0;
        for (int point = 0; point < POINTS; point++) {
            boolean resume = Files.exists(checkpointFile);
            FileTime before = resume ? Files.getLastModifiedTime(checkpointFile) : null;
            Process process = start(args(model, checkpoints, resume));

            boolean running = waitForNewCheckpoint(process, checkpointFile, before);
            if (running) {
                Thread.sleep(random.nextInt(MAX_DELAY_MILLIS + 1));
                // On Linux destroyForcibly sends SIGKILL: no shutdown hook or finally block runs.
                process.destroyForcibly();
            }
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("process ended").isTrue();
            killedDuringTraining += process.exitValue() == 0 ? 0 : 1;

            try {
                Checkpoint c = CheckpointFile.read(checkpointFile);
                assertThat(c.steps()).as("steps after kill %d", point).isGreaterThanOrEqualTo(lastSteps);
                lastSteps = c.steps();
            } catch (IOException | IllegalArgumentException e) {
                corrupt.add("kill " + point + ": " + e.getMessage());
            }
        }
        assertThat(corrupt).as("checkpoints that did not load after a kill").isEmpty();
        assertThat(killedDuringTraining).as("kills that interrupted training").isGreaterThan(POINTS / 2);

        Process last = start(args(model, checkpoints, true));
        assertThat(last.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as("jlstm train --resume; standard error:%n%s",
                Files.readString(dir.resolve("stderr.log"))).isZero();
        assertThat(Safetensors.read(model.resolve(ModelDirectory.WEIGHTS_FILE)).tensors())
                .isEqualTo(Safetensors.read(referenceModel.resolve(ModelDirectory.WEIGHTS_FILE)).tensors());
        ModelDirectory.load(model, new ScalarBackend());
        System.out.printf("jlstm train kill test: %d kills, %d during training, 0 corrupt checkpoints, --resume"
                + " reached the uninterrupted run's weights%n", POINTS, killedDuringTraining);
    }

    /** A small airline run with a checkpoint after every update. */
    private static List<String> args(Path model, Path checkpoints, boolean resume) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "airline", "--backend", "scalar",
                "--training.epochs", Integer.toString(EPOCHS), "--model.hidden", "8", "--output.progress", "none", "--output.charts",
                "false", "--output.dir", model.toString(), "--checkpoint.dir", checkpoints.toString(),
                "--checkpoint.every-steps", "1"));
        if (resume) {
            args.add("--resume");
        }
        return args;
    }

    private Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.awt.headless=true", "-Djlstm.log.file=" + dir.resolve("debug.log"), "-cp",
                System.getProperty("java.class.path"), JlstmCommand.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile()));
        return builder.start();
    }

    /**
     * Waits until the process has written a checkpoint newer than {@code before}, so that it is
     * training; returns false if the process ended first.
     */
    private static boolean waitForNewCheckpoint(Process process, Path file, FileTime before) throws Exception {
        while (process.isAlive()) {
            if (Files.exists(file) && (before == null || Files.getLastModifiedTime(file).compareTo(before) > 0)) {
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }
}
