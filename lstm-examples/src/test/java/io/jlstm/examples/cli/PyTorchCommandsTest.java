package io.jlstm.examples.cli;

import static io.jlstm.testkit.PyTorchParityTests.GRADIENT_ABSOLUTE;
import static io.jlstm.testkit.PyTorchParityTests.GRADIENT_RELATIVE;
import static io.jlstm.testkit.PyTorchParityTests.VALUE_ABSOLUTE;
import static io.jlstm.testkit.PyTorchParityTests.VALUE_RELATIVE;
import static io.jlstm.testkit.PyTorchParityTests.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.examples.cli.JlstmCommandTest.Result;
import io.jlstm.testkit.PyTorchFixture;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PyTorch commands end to end against the recorded {@link PyTorchFixture}s: import a state dict,
 * continue training it and predict with it through {@code jlstm}, and compare the files written
 * with what PyTorch computed.
 */
class PyTorchCommandsTest {

    private static final String LSTM = "lstm_zero_state";

    @TempDir
    Path dir;

    /** Writes the fixture's state dict as PyTorch's {@code save_file} would and returns the file. */
    private Path stateDictFile(PyTorchFixture fixture) throws Exception {
        Path weights = dir.resolve(fixture.name() + ".safetensors");
        Safetensors.write(weights, fixture.stateDict().tensors(), Map.of("format", "pt"));
        return weights;
    }

    /** Writes the fixture's input and, if {@code withTarget}, its target as a data file. */
    private Path dataFile(PyTorchFixture fixture, boolean withTarget) throws Exception {
        Path data = dir.resolve(withTarget ? "train.safetensors" : "input.safetensors");
        TensorDataFile.write(data, fixture.get("input"), withTarget ? fixture.get("target") : null);
        return data;
    }

    /** Imports the fixture into {@code dir/imported} through the command and returns the directory. */
    private Path importFixture(PyTorchFixture fixture, String backend) throws Exception {
        Path modelDir = dir.resolve("imported");
        Result r = JlstmCommandTest.run("import-pytorch", "--weights", stateDictFile(fixture).toString(), "--out",
                modelDir.toString(), "--backend", backend);
        assertThat(r.status()).as(r.err()).isZero();
        return modelDir;
    }

    private Result train(Path modelDir, Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--model", modelDir.toString(), "--data",
                data.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return JlstmCommandTest.run(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"lstm_zero_state, scalar", "lstm_zero_state, ejml", "gru_zero_state, scalar", "gru_zero_state, ejml"})
    void oneSgdStepMatchesPyTorch(String name, String backend) throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(name);
        Path modelDir = importFixture(fixture, backend);
        Path trained = dir.resolve("trained");

        Result r = train(modelDir, dataFile(fixture, true), trained, "--optimizer", "sgd", "--lr",
                fixture.metadata("sgd_lr"), "--epochs", "1", "--batch-size", fixture.metadata("batch"),
                "--no-shuffle", "--backend", backend);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 epoch, 1 optimizer step (sgd, lr 0.1)", "model saved to " + trained);
        SafetensorsFile weights = Safetensors.read(trained.resolve("weights.safetensors"));
        assertThat(weights.tensors().keySet()).containsExactlyElementsOf(fixture.stateDictKeys());
        for (String key : fixture.stateDictKeys()) {
            assertClose("sgd." + key, weights.get(key), fixture.get("sgd." + key), GRADIENT_RELATIVE,
                    GRADIENT_ABSOLUTE);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"lstm_zero_state, scalar", "lstm_zero_state, ejml", "gru_zero_state, scalar", "gru_zero_state, ejml"})
    void threeAdamStepsMatchPyTorch(String name, String backend) throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(name);
        Path modelDir = importFixture(fixture, backend);
        Path trained = dir.resolve("trained");

        Result r = train(modelDir, dataFile(fixture, true), trained, "--optimizer", "adam", "--lr",
                fixture.metadata("adam_lr"), "--epochs", fixture.metadata("adam_steps"), "--batch-size",
                fixture.metadata("batch"), "--no-shuffle", "--backend", backend);

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 epochs, 3 optimizer steps (adam, lr 0.01)");
        SafetensorsFile weights = Safetensors.read(trained.resolve("weights.safetensors"));
        assertThat(weights.tensors().keySet()).containsExactlyElementsOf(fixture.stateDictKeys());
        for (String key : fixture.stateDictKeys()) {
            assertClose("adam3." + key, weights.get(key), fixture.get("adam3." + key), GRADIENT_RELATIVE,
                    GRADIENT_ABSOLUTE);
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"lstm_zero_state, scalar", "lstm_zero_state, ejml", "gru_zero_state, scalar", "gru_zero_state, ejml"})
    void predictionMatchesPyTorch(String name, String backend) throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(name);
        Path modelDir = importFixture(fixture, backend);
        Path out = dir.resolve("out.safetensors");

        Result r = JlstmCommandTest.run("predict", "--model", modelDir.toString(), "--data",
                dataFile(fixture, false).toString(), "--out", out.toString(), "--backend", backend);

        assertThat(r.status()).as(r.err()).isZero();
        SafetensorsFile written = Safetensors.read(out);
        assertClose("output", written.get("output"), fixture.get("output"), VALUE_RELATIVE, VALUE_ABSOLUTE);
        assertClose("h_n", written.get("h_n"), fixture.get("h_n"), VALUE_RELATIVE, VALUE_ABSOLUTE);
        if (fixture.has("c_n")) {
            assertThat(written.tensors().keySet()).containsExactly("output", "h_n", "c_n");
            assertClose("c_n", written.get("c_n"), fixture.get("c_n"), VALUE_RELATIVE, VALUE_ABSOLUTE);
        } else {
            assertThat(written.tensors().keySet()).containsExactly("output", "h_n");
        }
    }

    @Test
    void importReportsArchitectureAndSource() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load("lstm_two_layers");
        Path modelDir = dir.resolve("imported");

        Result r = JlstmCommandTest.run("import-pytorch", "--weights", stateDictFile(fixture).toString(), "--out",
                modelDir.toString(), "--cell", "lstm");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported lstm model (input 2, hidden 3, output 2, 2 layers; modules encoder"
                + " and fc) to " + modelDir);
        String json = Files.readString(modelDir.resolve("model.json"));
        assertThat(json).contains("\"recurrent_name\" : \"encoder\"", "\"head_name\" : \"fc\"",
                "\"file\" : \"lstm_two_layers.safetensors\"");
    }

    @Test
    void trainedModelPredictsWithItsNewWeights() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");
        Path trained = dir.resolve("trained");
        train(modelDir, dataFile(fixture, true), trained, "--lr", "0.1", "--epochs", "1", "--batch-size", "4",
                "--no-shuffle");
        Path before = dir.resolve("before.safetensors");
        Path after = dir.resolve("after.safetensors");
        Path input = dataFile(fixture, false);

        JlstmCommandTest.run("predict", "--model", modelDir.toString(), "--data", input.toString(), "--out",
                before.toString());
        Result r = JlstmCommandTest.run("predict", "--model", trained.toString(), "--data", input.toString(),
                "--out", after.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Safetensors.read(after).get("output").data())
                .isNotEqualTo(Safetensors.read(before).get("output").data());
    }

    @Test
    void helpShowsTheTensorFileOptions() {
        Result importHelp = JlstmCommandTest.run("import-pytorch", "--help");
        Result trainHelp = JlstmCommandTest.run("train", "--help");
        Result predictHelp = JlstmCommandTest.run("predict", "--help");

        assertThat(importHelp.status()).isZero();
        assertThat(importHelp.out()).contains("Usage: jlstm import-pytorch", "--weights=FILE", "--out=DIR",
                "--cell=lstm|gru");
        assertThat(trainHelp.out()).contains("--model=DIR", "--data=FILE", "--out=DIR", "--optimizer=NAME", "--lr=X",
                "--epochs=N", "--batch-size=N", "--no-shuffle");
        assertThat(predictHelp.out()).contains("--out=FILE", "--output=FILE");
    }

    @Test
    void importIntoExistingModelNeedsForce() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");
        byte[] json = Files.readAllBytes(modelDir.resolve("model.json"));

        Result r = JlstmCommandTest.run("import-pytorch", "--weights",
                stateDictFile(PyTorchFixture.load("gru_small")).toString(), "--out", modelDir.toString());

        assertBadInput(r, "output directory " + modelDir + " already exists and is not empty; pass --force to"
                + " replace the model in it, or choose another --out");
        assertThat(Files.readAllBytes(modelDir.resolve("model.json"))).isEqualTo(json);
    }

    @Test
    void importWithForceReplacesModel() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");

        Result r = JlstmCommandTest.run("import-pytorch", "--weights",
                stateDictFile(PyTorchFixture.load("gru_small")).toString(), "--out", modelDir.toString(), "--force");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.readString(modelDir.resolve("model.json"))).contains("\"cell\" : \"gru\"");
        assertThat(ModelDirectory.load(modelDir, Backends.byName("scalar").create()).spec().cell()).isEqualTo("gru");
    }

    @Test
    void importIntoEmptyDirectoryNeedsNoForce() throws Exception {
        Path modelDir = Files.createDirectories(dir.resolve("empty"));

        Result r = JlstmCommandTest.run("import-pytorch", "--weights",
                stateDictFile(PyTorchFixture.load(LSTM)).toString(), "--out", modelDir.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(modelDir.resolve("model.json")).isRegularFile();
    }

    @Test
    void importOntoRegularFileExitsTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "keep me");

        Result r = JlstmCommandTest.run("import-pytorch", "--weights",
                stateDictFile(PyTorchFixture.load(LSTM)).toString(), "--out", file.toString(), "--force");

        assertBadInput(r, "option '--out' needs a model directory, but " + file + " exists and is not a directory");
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void failedForcedImportKeepsOldModel() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");
        byte[] json = Files.readAllBytes(modelDir.resolve("model.json"));
        byte[] weights = Files.readAllBytes(modelDir.resolve("weights.safetensors"));
        // A directory where the save stages the new weights makes the save fail before model.json changes.
        Files.createDirectories(modelDir.resolve(ModelDirectory.STAGED_WEIGHTS_FILE));

        Result r = JlstmCommandTest.run("import-pytorch", "--weights",
                stateDictFile(PyTorchFixture.load("gru_small")).toString(), "--out", modelDir.toString(), "--force");

        assertThat(r.status()).as(r.err()).isNotZero();
        assertThat(r.err()).contains(ModelDirectory.STAGED_WEIGHTS_FILE);
        assertThat(Files.readAllBytes(modelDir.resolve("model.json"))).isEqualTo(json);
        assertThat(Files.readAllBytes(modelDir.resolve("weights.safetensors"))).isEqualTo(weights);
        assertThat(ModelDirectory.load(modelDir, Backends.byName("scalar").create()).spec().cell()).isEqualTo("lstm");
    }

    @Test
    void trainInPlaceNeedsForce() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");
        Path data = dataFile(fixture, true);
        byte[] weights = Files.readAllBytes(modelDir.resolve("weights.safetensors"));

        Result rejected = train(modelDir, data, modelDir, "--epochs", "1");
        byte[] afterRejected = Files.readAllBytes(modelDir.resolve("weights.safetensors"));
        Result forced = train(modelDir, data, modelDir, "--epochs", "1", "--force");

        assertBadInput(rejected, "output directory " + modelDir + " already exists and is not empty; pass --force");
        assertThat(afterRejected).isEqualTo(weights);
        assertThat(forced.status()).as(forced.err()).isZero();
        assertThat(Files.readAllBytes(modelDir.resolve("weights.safetensors"))).isNotEqualTo(weights);
        assertThat(Files.readString(modelDir.resolve("model.json"))).contains("\"continued_training\"");
    }

    @Test
    void forceWithoutModelExitsTwo() {
        Result r = JlstmCommandTest.run("train", "--force");

        assertBadInput(r, "option '--force' applies only with '--model DIR' and '--out DIR'");
    }

    @Test
    void importOfMissingFileExitsTwo() {
        Path missing = dir.resolve("missing.safetensors");

        Result r = JlstmCommandTest.run("import-pytorch", "--weights", missing.toString(), "--out",
                dir.resolve("m").toString());

        assertBadInput(r, "file not found for option '--weights': " + missing);
    }

    @Test
    void importOfUnknownCellExitsTwo() throws Exception {
        Result r = JlstmCommandTest.run("import-pytorch", "--weights",
                stateDictFile(PyTorchFixture.load(LSTM)).toString(), "--out", dir.resolve("m").toString(), "--cell",
                "rnn");

        assertBadInput(r, "invalid value 'rnn' for option '--cell': expected one of gru, lstm");
    }

    @Test
    void importGruAsLstmExitsTwo() throws Exception {
        Result r = JlstmCommandTest.run("import-pytorch", "--weights",
                stateDictFile(PyTorchFixture.load("gru_small")).toString(), "--out", dir.resolve("m").toString(),
                "--cell", "lstm");

        assertBadInput(r, "tensor 'gru.weight_hh_l0' has shape [12, 4], expected [4*hidden, hidden] for lstm");
    }

    @Test
    void importOfMalformedFileExitsTwo() throws Exception {
        Path bad = dir.resolve("bad.safetensors");
        Files.writeString(bad, "not a safetensors file");

        Result r = JlstmCommandTest.run("import-pytorch", "--weights", bad.toString(), "--out",
                dir.resolve("m").toString());

        assertBadInput(r, bad.toString());
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void importOfExtraModuleExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Map<String, TensorData> tensors = new LinkedHashMap<>(fixture.stateDict().tensors());
        tensors.put("embedding.running_mean", new TensorData(new long[] {3}, new double[3]));
        Path weights = dir.resolve("extra.safetensors");
        Safetensors.write(weights, tensors, Map.of());

        Result r = JlstmCommandTest.run("import-pytorch", "--weights", weights.toString(), "--out",
                dir.resolve("m").toString());

        assertBadInput(r, "tensor 'embedding.running_mean' is neither a recurrent parameter");
    }

    @Test
    void trainModelWithoutDataExitsTwo() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");

        Result r = JlstmCommandTest.run("train", "--model", modelDir.toString(), "--out", dir.resolve("t").toString());

        assertBadInput(r, "option '--model' needs '--data FILE.safetensors' and '--out DIR'");
    }

    @Test
    void trainDataWithoutModelExitsTwo() throws Exception {
        Result r = JlstmCommandTest.run("train", "--data", dataFile(PyTorchFixture.load(LSTM), true).toString(),
                "--out", dir.resolve("t").toString());

        assertBadInput(r, "options '--data' and '--out' continue training a model directory and need '--model DIR'");
    }

    @Test
    void trainModelOnCsvExitsTwo() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");
        Path csv = dir.resolve("series.csv");
        Files.writeString(csv, "t,y\n0,1\n");

        Result r = train(modelDir, csv, dir.resolve("t"));

        assertBadInput(r, "invalid value '" + csv + "' for option '--data': training a model directory needs a"
                + " safetensors file");
    }

    @Test
    void trainModelWithArchitectureFlagExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");

        Result r = train(modelDir, dataFile(fixture, true), dir.resolve("t"), "--model.hidden", "8");

        assertBadInput(r, "key 'model.hidden' (from command-line flag) does not apply with --model, because the"
                + " architecture comes from the model directory");
        assertThat(dir.resolve("t")).doesNotExist();
    }

    @Test
    void trainTaskKeyInFileExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");
        Path config = dir.resolve("train.properties");
        Files.writeString(config, "optimizer.name = adam\ndata.window = 12\n");

        Result r = train(modelDir, dataFile(fixture, true), dir.resolve("t"), "--config", config.toString());

        assertBadInput(r, "key 'data.window' (from configuration file) does not apply with --model, because it"
                + " applies only to training from a configuration");
    }

    @Test
    void shortOptionAndKeyFlagTogetherExitTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");

        Result r = train(modelDir, dataFile(fixture, true), dir.resolve("t"), "--lr", "0.1", "--optimizer.lr",
                "0.2");

        assertBadInput(r, "options '--lr' and '--optimizer.lr' set the same key; give only one of them");
    }

    @Test
    void unknownOptimizerExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");

        Result r = train(modelDir, dataFile(fixture, true), dir.resolve("t"), "--optimizer", "lbfgs");

        assertBadInput(r, "lbfgs");
        assertThat(dir.resolve("t")).doesNotExist();
    }

    @Test
    void negativeLearningRateExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");

        Result r = train(modelDir, dataFile(fixture, true), dir.resolve("t"), "--lr", "-1");

        assertBadInput(r, "invalid value '-1' for key 'optimizer.lr'");
    }

    @Test
    void trainDataWithoutTargetExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");

        Result r = train(modelDir, dataFile(fixture, false), dir.resolve("t"));

        assertBadInput(r, "missing tensor 'target' of shape [T, B, O]");
    }

    @Test
    void trainDataOfOtherInputSizeExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");
        Path data = dir.resolve("wide.safetensors");
        TensorDataFile.write(data, new TensorData(new long[] {2, 1, 5}, new double[10]),
                new TensorData(new long[] {2, 1, 2}, new double[4]));

        Result r = train(modelDir, data, dir.resolve("t"));

        assertBadInput(r, "tensor 'input' has shape [2, 1, 5], expected [T, B, 3] for the model's input size 3");
    }

    @Test
    void trainMissingModelDirectoryExitsTwo() throws Exception {
        Path missing = dir.resolve("nothing");

        Result r = train(missing, dataFile(PyTorchFixture.load(LSTM), true), dir.resolve("t"));

        assertBadInput(r, "model directory not found: " + missing);
    }

    @Test
    void predictTensorsWithoutOutExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");

        Result r = JlstmCommandTest.run("predict", "--model", modelDir.toString(), "--data",
                dataFile(fixture, false).toString());

        assertBadInput(r, "a safetensors --data needs '--out OUT.safetensors'");
    }

    @Test
    void predictTensorsWithHorizonExitsTwo() throws Exception {
        PyTorchFixture fixture = PyTorchFixture.load(LSTM);
        Path modelDir = importFixture(fixture, "scalar");

        Result r = JlstmCommandTest.run("predict", "--model", modelDir.toString(), "--data",
                dataFile(fixture, false).toString(), "--out", dir.resolve("o.safetensors").toString(), "--horizon",
                "3");

        assertBadInput(r, "option '--horizon' applies only to CSV data");
    }

    @Test
    void predictCsvWithOutExitsTwo() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");
        Path csv = dir.resolve("series.csv");
        Files.writeString(csv, "t,y\n0,1\n");

        Result r = JlstmCommandTest.run("predict", "--model", modelDir.toString(), "--data", csv.toString(),
                "--out", dir.resolve("o.safetensors").toString());

        assertBadInput(r, "option '--out' writes a safetensors file and needs a safetensors --data");
    }

    @Test
    void predictDataOfOtherInputSizeExitsTwo() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");
        Path data = dir.resolve("wide.safetensors");
        TensorDataFile.write(data, new TensorData(new long[] {2, 1, 5}, new double[10]), null);
        Path out = dir.resolve("o.safetensors");

        Result r = JlstmCommandTest.run("predict", "--model", modelDir.toString(), "--data", data.toString(),
                "--out", out.toString());

        assertBadInput(r, "tensor 'input' has shape [2, 1, 5], expected [T, B, 3]");
        assertThat(out).doesNotExist();
    }

    @Test
    void predictMissingTensorFileExitsTwo() throws Exception {
        Path modelDir = importFixture(PyTorchFixture.load(LSTM), "scalar");
        Path missing = dir.resolve("none.safetensors");

        Result r = JlstmCommandTest.run("predict", "--model", modelDir.toString(), "--data", missing.toString(),
                "--out", dir.resolve("o.safetensors").toString());

        assertBadInput(r, "file not found for option '--data': " + missing);
    }

    private static void assertBadInput(Result r, String fragment) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(fragment);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }
}
