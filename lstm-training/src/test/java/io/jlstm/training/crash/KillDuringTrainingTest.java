package io.jlstm.training.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.checkpoint.Checkpoint;
import io.jlstm.training.checkpoint.CheckpointFile;
import io.jlstm.training.io.ModelDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training process with SIGKILL at random moments. The process writes a checkpoint after
 * every update and saves the model after every epoch. After each kill the checkpoint and the model
 * directory must load, and the next process must resume from the checkpoint. After the last kill
 * the run is finished and must end with the same weights, bit for bit, as a run that was never
 * interrupted.
 *
 * <p>The number of kills is {@code -Djlstm.kill-test.points} (default 8, to keep the build short);
 * {@code mvn -pl lstm-training -am test -Dtest=KillDuringTrainingTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djlstm.kill-test.points=50} runs 50.
 */
class KillDuringTrainingTest {

    private static final int POINTS = Integer.getInteger("jlstm.kill-test.points", 8);
    /** The kill comes 0 to this many milliseconds after the process reports that training starts. */
    private static final int MAX_DELAY_MILLIS = 400;

    @TempDir
    Path dir;

    private final Backend backend = new ScalarBackend();

    @Test
    void killedTrainingLeavesLoadableFilesAndResumes() throws Exception {
        Path reference = dir.resolve("reference");
        KillableTraining.train(reference, false);
        Checkpoint expected = CheckpointFile.read(reference.resolve("checkpoint").resolve(CheckpointFile.FILE_NAME));
        assertThat(expected.steps()).isEqualTo(KillableTraining.TOTAL_STEPS);

        Path work = dir.resolve("killed");
        SplittableRandom random = new SplittableRandom(Long.getLong("jlstm.kill-test.seed", 7L));
        List<String> corrupt = new ArrayList<>();
        long lastSteps = 0;
        int killedDuringTraining = 0;
        int killedDuringWrite = 0;
        int temporaryFiles = 0;
        for (int point = 0; point < POINTS; point++) {
            Run run = startAndKill(work, random.nextInt(MAX_DELAY_MILLIS + 1));
            assertThat(run.resumedAt()).as("kill %d resumes where the last checkpoint was", point)
                    .isEqualTo(lastSteps);
            if (!run.finished()) {
                killedDuringTraining++;
            }
            int leftover = countTemporaryFiles(work);
            killedDuringWrite += leftover > temporaryFiles ? 1 : 0;
            temporaryFiles = leftover;

            Path checkpointFile = work.resolve("checkpoint").resolve(CheckpointFile.FILE_NAME);
            if (Files.exists(checkpointFile)) {
                try {
                    Checkpoint c = CheckpointFile.read(checkpointFile);
                    assertThat(c.steps()).as("checkpoint after kill %d", point).isGreaterThanOrEqualTo(lastSteps);
                    lastSteps = c.steps();
                } catch (IOException | IllegalArgumentException e) {
                    corrupt.add("kill " + point + ": " + e.getMessage());
                }
            }
            if (Files.exists(work.resolve("model").resolve(ModelDirectory.MODEL_FILE))) {
                try {
                    ModelDirectory.load(work.resolve("model"), backend);
                } catch (IOException e) {
                    corrupt.add("kill " + point + ": " + e.getMessage());
                }
            }
        }

        assertThat(corrupt).as("files that did not load after a kill").isEmpty();
        assertThat(killedDuringTraining).as("kills that interrupted training").isGreaterThan(POINTS / 2);
        Run last = startAndKill(work, -1);
        assertThat(last.finished()).as("the last run finishes; its standard error:%n%s",
                Files.readString(work.resolve("stderr.log"))).isTrue();
        Checkpoint finished = CheckpointFile.read(work.resolve("checkpoint").resolve(CheckpointFile.FILE_NAME));
        assertThat(finished.steps()).isEqualTo(KillableTraining.TOTAL_STEPS);
        for (String name : expected.parameters().keySet()) {
            assertThat(finished.parameters().get(name).values()).as(name)
                    .containsExactly(expected.parameters().get(name).values());
        }
        System.out.printf("kill test: %d kills, %d during training, %d inside a file write (a temporary file left),"
                + " 0 corrupt files, resumed to %d steps%n", POINTS, killedDuringTraining, killedDuringWrite,
                finished.steps());
    }

    /** Counts the temporary files of interrupted atomic writes and staged weights under {@code work}. */
    private static int countTemporaryFiles(Path work) throws IOException {
        try (var files = Files.walk(work)) {
            return (int) files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".tmp") || name.equals(ModelDirectory.STAGED_WEIGHTS_FILE))
                    .count();
        }
    }

    /** How one process ended: the steps it resumed from and whether it finished before the kill. */
    private record Run(long resumedAt, boolean finished) {
    }

    /**
     * Starts a training process in {@code work} and kills it with SIGKILL {@code delayMillis} after
     * it reports that training starts, or lets it finish when {@code delayMillis} is negative.
     */
    private static Run startAndKill(Path work, int delayMillis) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                KillableTraining.class.getName(), work.toString());
        builder.redirectError(ProcessBuilder.Redirect.appendTo(Files.createDirectories(work).resolve("stderr.log")
                .toFile()));
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).as("first output line of the training process").startsWith("ready ");
        long resumedAt = Long.parseLong(ready.substring("ready ".length()));
        if (delayMillis >= 0) {
            Thread.sleep(delayMillis);
            // On Linux destroyForcibly sends SIGKILL: no shutdown hook or finally block runs.
            process.destroyForcibly();
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("training process ended").isTrue();
        // Exit status 0 means training finished before the kill; a killed process exits with 137.
        return new Run(resumedAt, process.exitValue() == 0);
    }
}
