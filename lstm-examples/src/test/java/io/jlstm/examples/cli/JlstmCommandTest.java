package io.jlstm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jlstm.examples.forecast.NonFinitePredictionException;
import io.jlstm.training.config.ConfigKey;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.ModelMetadata;
import io.jlstm.training.io.TensorData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Runs the jlstm command in-process, as a user would from the shell. */
class JlstmCommandTest {

    private static final String AIRLINE_CSV = Path.of("../examples/data/airline-passengers.csv").toAbsolutePath()
            .toString();

    @TempDir
    static Path dir;

    private static Path model;
    private static Result trained;

    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = JlstmCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Arguments of a tiny airline run: two epochs of a 4-unit LSTM on the scalar backend. */
    static List<String> tinyTrain(Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "airline", "--backend", "scalar",
                "--training.epochs", "2", "--model.hidden", "4", "--output.progress", "log",
                "--output.dir", output.toString()));
        args.addAll(List.of(more));
        return args;
    }

    @BeforeAll
    static void trainTinyModel() {
        System.setProperty("java.awt.headless", "true");
        model = dir.resolve("airline");
        trained = run(tinyTrain(model).toArray(String[]::new));
    }

    @Test
    void trainWritesModelChartsAndSummary() throws Exception {
        assertThat(trained.status()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("epochs", "persistence (previous value)", "51.782", "49.987",
                "model saved to " + model);
        assertThat(model.resolve("weights.safetensors")).isRegularFile();
        assertThat(model.resolve("model.json")).isRegularFile();
        for (String png : List.of("loss.png", "holdout.png")) {
            byte[] bytes = Files.readAllBytes(model.resolve(png));
            assertThat(bytes).as(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
        String json = Files.readString(model.resolve("model.json"));
        assertThat(json).contains("\"task\" : \"forecast\"", "\"transform\" : \"log,seasonal-diff\"",
                "\"scaler\"", "\"seasonal_naive\"", "\"jlstm_version\"", "\"backend\" : \"scalar\"",
                "\"path\" : \"builtin:data/airline-passengers.csv\"", "\"training.epochs\" : 2");
    }

    @Test
    void oneEpochLogsSingularNouns() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.jlstm");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Result r;
        try {
            r = run("train", "--config", "airline", "--backend", "scalar", "--training.epochs", "1",
                    "--training.batch-size", "512", "--model.hidden", "4", "--output.progress", "none",
                    "--output.charts", "false", "--output.dir", dir.resolve("one-epoch").toString());
        } finally {
            logger.detachAppender(appender);
        }
        List<String> messages = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(messages).anyMatch(m -> m.startsWith("training started: 1 epoch of 1 minibatch (batch size 512)"));
        assertThat(messages).anyMatch(m -> m.startsWith("training finished after 1 epoch and 1 step in"));
        assertThat(messages).noneMatch(m -> m.matches("(?s).*\\b1 [a-z]+s\\b.*"));
    }

    @Test
    void flagsOverrideTheConfigFile() throws Exception {
        String json = Files.readString(model.resolve("model.json"));

        assertThat(json).contains("\"hidden_size\" : 4", "\"model.hidden\" : 4");
    }

    @Test
    void shortOptionsSetTrainingKeys() throws Exception {
        Path output = dir.resolve("short-options");
        Result r = run("train", "--config", "airline", "--backend", "scalar", "--model.hidden", "2",
                "--optimizer", "adam", "--lr", "0.02", "--epochs", "1", "--batch-size", "8", "--no-shuffle",
                "--output.progress", "none", "--output.charts", "false", "--output.dir", output.toString());

        assertThat(r.status()).as(r.err()).isZero();
        String json = Files.readString(output.resolve("model.json"));
        assertThat(json).contains("\"optimizer.name\" : \"adam\"", "\"optimizer.lr\" : 0.02",
                "\"training.epochs\" : 1", "\"training.batch-size\" : 8", "\"training.shuffle\" : false");
    }

    @Test
    void evaluateRepeatsTheTrainingMetrics() {
        Result r = run("evaluate", "--model", model.toString());

        assertThat(r.status()).as(r.err()).isZero();
        String modelRow = trained.out().lines().filter(l -> l.startsWith("model ")).findFirst().orElseThrow();
        assertThat(r.out()).contains(modelRow, "51.782");
    }

    @Test
    void evaluateOnExplicitData() {
        Result r = run("evaluate", "--model", model.toString(), "--data", AIRLINE_CSV);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("seasonal naive (12 steps earlier)", "49.987");
    }

    @Test
    void changedRecordedDataHashNotPrinted() throws Exception {
        Path csv = dir.resolve("recorded.csv");
        Files.copy(Path.of(AIRLINE_CSV), csv);
        Path output = dir.resolve("recorded-model");
        Result trainedOnCopy = run(tinyTrain(output, "--data.path", csv.toString(), "--output.charts", "false")
                .toArray(String[]::new));
        String original = Files.readString(csv);
        Files.writeString(csv, original.replace("\"1960-12\",432", "\"1960-12\",433"));
        assertThat(Files.readString(csv)).isNotEqualTo(original);
        String changedHash = ModelMetadata.sha256(csv);

        Result r = run("evaluate", "--model", output.toString());

        assertThat(trainedOnCopy.status()).as(trainedOnCopy.err()).isZero();
        assertBadInput(r, "the recorded data file " + csv + " differs from the file the model was trained on");
        assertThat(r.err()).contains("pass the data file with --data");
        assertThat(r.err()).doesNotContain(changedHash);
    }

    @Test
    void predictPrintsOneStepAndForecastRows() {
        Result r = run("predict", "--model", model.toString(), "--data", AIRLINE_CSV, "--horizon", "3");

        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(1 + 144 + 3);
        assertThat(lines.get(0)).isEqualTo("t,actual,predicted,kind");
        assertThat(lines.get(1)).isEqualTo("0,112.000,,one-step");
        assertThat(lines.get(144)).matches("143,432\\.000,[0-9.]+,one-step");
        assertThat(lines.get(147)).matches("146,,[0-9.]+,forecast");
    }

    @Test
    void predictWritesOutputFile() throws Exception {
        Path csv = dir.resolve("predictions.csv");
        Result r = run("predict", "--model", model.toString(), "--data", AIRLINE_CSV, "--horizon", "0",
                "--output", csv.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(145);
    }

    @Test
    void gradcheckPassesOnDefaultModel() {
        Result r = run("gradcheck", "--backend", "scalar");

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("lstm.weight_ih_l0", "lstm.weight_hh_l0", "head.weight", "head.bias",
                "all gradients pass");
        assertThat(r.out()).doesNotContain("FAIL");
    }

    @Test
    void gradcheckFailsWithImpossibleTolerance() {
        Result r = run("gradcheck", "--backend", "scalar", "--relative-tolerance", "1e-300",
                "--absolute-tolerance", "1e-300");

        assertThat(r.status()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).contains("FAIL", "gradient check FAILED");
    }

    @Test
    void gradcheckRejectsSettingsOutOfRange() {
        // A step below machine epsilon leaves w + h equal to w, so every correct gradient would FAIL.
        // A relative tolerance of 1 would pass a gradient 100 times too large.
        assertBadInput(run("gradcheck", "--backend", "scalar", "--fd-step", "1e-300"),
                "finite-difference step must be in [2.220446049250313E-16, 1), but is 1.0E-300");
        assertBadInput(run("gradcheck", "--backend", "scalar", "--fd-step", "10"),
                "finite-difference step must be in [2.220446049250313E-16, 1), but is 10.0");
        assertBadInput(run("gradcheck", "--backend", "scalar", "--relative-tolerance", "1"),
                "relative tolerance must be in (0, 1), but is 1.0");
        assertBadInput(run("gradcheck", "--backend", "scalar", "--absolute-tolerance", "NaN"),
                "absolute tolerance must be a positive finite number, but is NaN");
    }

    @Test
    void gradcheckCrossEntropyTwoLayers() {
        Result r = run("gradcheck", "--backend", "scalar", "--loss", "cross-entropy", "--model.layers", "2",
                "--model.output-size", "3", "--model.input-size", "2");

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("lstm.weight_ih_l1", "loss cross-entropy");
    }

    @Test
    void backendsListsProvidersAndOneDefault() {
        Result r = run("backends");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("scalar", "io.jlstm.backend.scalar.ScalarBackendProvider");
        assertThat(r.out().lines().filter(l -> l.contains(" yes ")).count()).isEqualTo(1);
    }

    @Test
    void helpListsEveryKeyWithDefault() {
        Result r = run("train", "--help");

        assertThat(r.status()).isZero();
        String help = r.out().replaceAll("\\s+", " ");
        for (ConfigKey key : ExampleKeys.schema().keys()) {
            assertThat(help).contains("--" + key.name());
        }
        assertThat(help).contains("(default: airline)", "Hidden units per recurrent layer (>= 1 and <= 65536;"
                + " default: 32)");
    }

    @Test
    void everyCommandHasHelpWithDefaults() {
        for (String command : List.of("evaluate", "predict", "gradcheck", "backends")) {
            Result r = run(command, "--help");
            assertThat(r.status()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: jlstm " + command);
        }
        assertThat(run("predict", "--help").out()).contains("(default: 12)");
        assertThat(run("gradcheck", "--help").out()).contains("--steps", "(default: 5)");
    }

    @Test
    void missingDataFileExitsTwo() {
        Result r = run(tinyTrain(dir.resolve("x"), "--data.path", dir.resolve("nope.csv").toString())
                .toArray(String[]::new));

        assertBadInput(r, "data file not found: " + dir.resolve("nope.csv"));
    }

    @Test
    void missingColumnExitsTwo() {
        Result r = run(tinyTrain(dir.resolve("x"), "--data.column", "Passengers").toArray(String[]::new));

        assertBadInput(r, "line 1: no column 'Passengers' (key data.column) in the header; columns: Date, Count");
    }

    @Test
    void nonNumericCellExitsTwo() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "Date,Count\n1949-01,112\n1949-02,n/a\n");
        Result r = run(tinyTrain(dir.resolve("x"), "--data.path", csv.toString()).toArray(String[]::new));

        assertBadInput(r, csv + ", line 3: invalid value 'n/a' in column 'Count': expected a finite number");
    }

    @Test
    void emptyFileExitsTwo() throws Exception {
        Path csv = dir.resolve("empty.csv");
        Files.writeString(csv, "");
        Result r = run(tinyTrain(dir.resolve("x"), "--data.path", csv.toString()).toArray(String[]::new));

        assertBadInput(r, csv + ": the file is empty");
    }

    @Test
    void missingConfigFileExitsTwo() {
        Result r = run("train", "--config", dir.resolve("none.properties").toString());

        assertBadInput(r, "configuration file not found");
    }

    @Test
    void unknownKeyInConfigFileExitsTwo() throws Exception {
        Path config = dir.resolve("typo.properties");
        Files.writeString(config, "model.hiden = 4\n");
        Result r = run("train", "--config", config.toString());

        assertBadInput(r, "'model.hiden' in file " + config + " (did you mean 'model.hidden'?)");
    }

    @Test
    void invalidFlagValueExitsTwo() {
        Result r = run("train", "--model.hidden", "zero");

        assertBadInput(r, "invalid value 'zero' for key 'model.hidden' (from flag --model.hidden)");
    }

    @Test
    void unknownOptionExitsTwo() {
        Result r = run("train", "--hidden", "3");

        assertBadInput(r, "Unknown options: '--hidden', '3'");
    }

    @Test
    void unknownBackendExitsTwo() {
        Result r = run("train", "--backend", "cuda");

        assertBadInput(r, "unknown backend 'cuda'");
        // The order is by priority, and the blas backend's depends on whether OpenBLAS is installed.
        assertThat(r.err()).containsPattern("available backends: (blas, ejml|ejml, blas), scalar");
    }

    @Test
    void unknownTransformExitsTwo() {
        Result r = run(tinyTrain(dir.resolve("x"), "--data.transform", "log,boxcox").toArray(String[]::new));

        assertBadInput(r, "invalid transform 'boxcox'");
    }

    @Test
    void divergedTrainingExitsOneWithoutModel() {
        Path output = dir.resolve("diverged");
        Result r = run("train", "--backend", "scalar", "--optimizer.lr", "1e6", "--training.epochs", "5",
                "--output.progress", "none", "--output.dir", output.toString());

        assertThat(r.status()).as(r.err()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("training stopped before update", "no model was saved");
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(output).doesNotExist();
    }

    @Test
    void negativeHorizonExitsTwo() {
        Result r = run("predict", "--model", model.toString(), "--data", AIRLINE_CSV, "--horizon", "-1");

        assertBadInput(r, "invalid value '-1' for option '--horizon'");
    }

    @Test
    void maximumHorizonGivesFiniteForecastRows() {
        Result r = run("predict", "--model", model.toString(), "--data", AIRLINE_CSV, "--horizon",
                Integer.toString(PredictCommand.MAX_HORIZON));

        assertThat(r.status()).as(r.err()).isZero();
        List<String> forecasts = r.out().lines().filter(l -> l.endsWith(",forecast")).toList();
        assertThat(forecasts).hasSize(PredictCommand.MAX_HORIZON);
        assertThat(forecasts).as("every forecast row has a value").noneMatch(l -> l.contains(",,,"));
    }

    @Test
    void horizonAboveMaximumExitsTwo() {
        Result r = run("predict", "--model", model.toString(), "--data", AIRLINE_CSV, "--horizon",
                Integer.toString(PredictCommand.MAX_HORIZON + 1));

        assertBadInput(r, "invalid value '10001' for option '--horizon': the maximum horizon is 10000 steps");
    }

    @Test
    void nonFiniteOutputTensorRejected() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("output", new TensorData(new long[] {2, 1, 1}, new double[] {0.5, Double.POSITIVE_INFINITY}));

        assertThatThrownBy(() -> PredictCommand.requireFinite(tensors))
                .isInstanceOf(NonFinitePredictionException.class)
                .hasMessageStartingWith("tensor 'output' of shape [2, 1, 1] contains Infinity at flat index 1");
    }

    @Test
    void finiteOutputTensorsAccepted() {
        Map<String, TensorData> tensors = Map.of("h_n", new TensorData(new long[] {1, 1, 2}, new double[] {1, -1}));

        assertThatCode(() -> PredictCommand.requireFinite(tensors)).doesNotThrowAnyException();
    }

    @Test
    void zeroGradcheckStepsExitsTwo() {
        Result r = run("gradcheck", "--steps", "0");

        assertBadInput(r, "invalid value '0' for option '--steps'");
    }

    @Test
    void predictWithTextModelTaskRejected() throws Exception {
        Path copy = dir.resolve("othertask");
        Files.createDirectories(copy);
        Files.copy(model.resolve("weights.safetensors"), copy.resolve("weights.safetensors"));
        Files.writeString(copy.resolve("model.json"), Files.readString(model.resolve("model.json"))
                .replace("\"task\" : \"forecast\"", "\"task\" : \"weather\""));

        Result r = run("predict", "--model", copy.toString(), "--data", AIRLINE_CSV);

        assertBadInput(r, "task is 'weather', but this command needs a forecast model");
    }

    @Test
    void missingModelDirectoryExitsTwo() {
        Result r = run("evaluate", "--model", dir.resolve("nothing").toString());

        assertBadInput(r, "model directory not found: " + dir.resolve("nothing"));
    }

    @Test
    void corruptedWeightsExitTwo() throws Exception {
        Path copy = dir.resolve("corrupt");
        Files.createDirectories(copy);
        Files.copy(model.resolve("model.json"), copy.resolve("model.json"));
        byte[] weights = Files.readAllBytes(model.resolve("weights.safetensors"));
        weights[weights.length - 1] ^= 1;
        Files.write(copy.resolve("weights.safetensors"), weights);

        Result r = run("evaluate", "--model", copy.toString());

        assertBadInput(r, "does not match the SHA-256");
    }

    private static void assertBadInput(Result r, String fragment) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(fragment);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }
}
