package io.jlstm.training.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsException;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import io.jlstm.training.optim.OptimizerState;
import io.jlstm.training.schedule.ScheduleState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryValueExactly() throws IOException {
        Checkpoint written = sample();
        Path file = dir.resolve("sub").resolve(CheckpointFile.FILE_NAME);

        CheckpointFile.write(written, file);
        Checkpoint read = CheckpointFile.read(file);

        assertThat(read.seed()).isEqualTo(-7L);
        assertThat(read.steps()).isEqualTo(12L);
        assertThat(read.epoch()).isEqualTo(3);
        assertThat(read.batch()).isEqualTo(1);
        assertThat(read.order()).containsExactly(2, 0, 1);
        assertThat(read.epochLossSum()).isEqualTo(0.1 + 0.2);
        assertThat(read.parameters().keySet()).containsExactly("lstm.weight_ih_l0", "head.bias");
        assertThat(read.parameters().get("lstm.weight_ih_l0").values())
                .containsExactly(Math.PI, -0.0, Double.MIN_VALUE, 1e300, -1.0 / 3.0, 7.0);
        assertThat(read.parameters().get("head.bias").rows()).isEqualTo(1);
        assertThat(read.optimizer().optimizer()).isEqualTo("adam");
        assertThat(read.optimizer().steps()).isEqualTo(12L);
        assertThat(read.optimizer().learningRate()).isEqualTo(0.001 / 3);
        assertThat(read.optimizer().buffers().get("head.bias").get("exp_avg_sq")).containsExactly(1e-20, 2e-20);
        assertThat(read.schedule().schedule()).isEqualTo("plateau");
        assertThat(read.schedule().values().get("best")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read.schedule().baseLearningRate()).isEqualTo(0.01);
        assertThat(read.config()).containsEntry("optimizer.name", "adam");
    }

    @Test
    void writeLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve(CheckpointFile.FILE_NAME);

        CheckpointFile.write(sample(), file);
        CheckpointFile.write(sample(), file);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(CheckpointFile.FILE_NAME);
        }
    }

    @Test
    void failedWriteKeepsThePreviousCheckpoint() throws IOException {
        Path file = dir.resolve(CheckpointFile.FILE_NAME);
        CheckpointFile.write(sample(), file);
        byte[] before = Files.readAllBytes(file);
        Files.createDirectory(dir.resolve("blocker"));
        Path impossible = dir.resolve("blocker");

        assertThatThrownBy(() -> CheckpointFile.write(sample(), impossible)).isInstanceOf(IOException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void fileThatIsNotSafetensorsIsRejected() throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, "not a checkpoint at all".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> CheckpointFile.read(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path file = dir.resolve(CheckpointFile.FILE_NAME);
        CheckpointFile.write(sample(), file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 16));

        assertThatThrownBy(() -> CheckpointFile.read(cut)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining(cut.toString());
    }

    @Test
    void safetensorsWithoutCheckpointMetadataIsRejected() throws IOException {
        Path file = dir.resolve("weights.safetensors");
        Safetensors.write(file, Map.of("w", new TensorData(new long[] {2}, new double[] {1, 2})), Map.of());

        assertThatThrownBy(() -> CheckpointFile.read(file)).hasMessageContaining(file.toString())
                .hasMessageContaining("expected jlstm-checkpoint version 1");
    }

    @Test
    void stateThatIsNotJsonIsRejected() throws IOException {
        Path file = dir.resolve("json.safetensors");
        Safetensors.write(file, Map.of(), Map.of("format", "jlstm-checkpoint", "version", "1", "state", "{not json"));

        assertThatThrownBy(() -> CheckpointFile.read(file)).hasMessageContaining("not valid JSON");
    }

    @Test
    void stateWithoutAFieldIsRejected() throws IOException {
        Path file = dir.resolve("field.safetensors");
        Safetensors.write(file, Map.of(), Map.of("format", "jlstm-checkpoint", "version", "1", "state", "{}"));

        assertThatThrownBy(() -> CheckpointFile.read(file)).hasMessageContaining("lacks the field 'order'");
    }

    @Test
    void unknownTensorNameIsRejected() throws IOException {
        Path file = dir.resolve(CheckpointFile.FILE_NAME);
        CheckpointFile.write(sample(), file);
        SafetensorsFile contents = Safetensors.read(file);
        Map<String, TensorData> tensors = new LinkedHashMap<>(contents.tensors());
        tensors.put("extra", new TensorData(new long[] {1}, new double[] {1}));
        Safetensors.write(file, tensors, contents.metadata());

        assertThatThrownBy(() -> CheckpointFile.read(file)).hasMessageContaining("'extra'");
    }

    @Test
    void listenerStatesRoundTripExactly() throws IOException {
        Checkpoint base = sample();
        Map<String, Checkpoint.Matrix> best = Map.of("lstm/weight 0", new Checkpoint.Matrix(1, 2,
                new double[] {-0.0, 1.0 / 3.0}));
        ListenerState state = new ListenerState(Map.of("best", Double.toString(0.1 + 0.2), "count", "2"), best);
        Checkpoint written = withListeners(base, Map.of("early-stopping", state,
                "no-tensors", new ListenerState(Map.of("offset", "7"), Map.of())));
        Path file = dir.resolve(CheckpointFile.FILE_NAME);

        CheckpointFile.write(written, file);
        Checkpoint read = CheckpointFile.read(file);

        assertThat(read.listeners().keySet()).containsExactlyInAnyOrder("early-stopping", "no-tensors");
        ListenerState earlyStopping = read.listeners().get("early-stopping");
        assertThat(earlyStopping.doubleValue("best")).isEqualTo(0.1 + 0.2);
        assertThat(earlyStopping.longValue("count")).isEqualTo(2L);
        assertThat(earlyStopping.tensors().get("lstm/weight 0").values()).containsExactly(-0.0, 1.0 / 3.0);
        assertThat(read.listeners().get("no-tensors").tensors()).isEmpty();
        assertThat(read.listeners().get("no-tensors").value("offset")).isEqualTo("7");
    }

    @Test
    void checkpointWithoutListenersFieldReads() throws IOException {
        Path file = dir.resolve(CheckpointFile.FILE_NAME);
        CheckpointFile.write(sample(), file);
        SafetensorsFile contents = Safetensors.read(file);
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        String state = metadata.get("state");
        assertThat(state).contains(",\"listeners\":{}");
        metadata.put("state", state.replace(",\"listeners\":{}", ""));
        Safetensors.write(file, contents.tensors(), metadata);

        Checkpoint read = CheckpointFile.read(file);

        assertThat(read.listeners()).isEmpty();
        assertThat(read.steps()).isEqualTo(12L);
    }

    @Test
    void listenerTensorWithoutStateIsRejected() throws IOException {
        Path file = dir.resolve(CheckpointFile.FILE_NAME);
        CheckpointFile.write(sample(), file);
        SafetensorsFile contents = Safetensors.read(file);
        Map<String, TensorData> tensors = new LinkedHashMap<>(contents.tensors());
        tensors.put("listener/ghost/w", new TensorData(new long[] {1, 1}, new double[] {1}));
        Safetensors.write(file, tensors, contents.metadata());

        assertThatThrownBy(() -> CheckpointFile.read(file)).hasMessageContaining("listener 'ghost'")
                .hasMessageContaining(file.toString());
    }

    @Test
    void stateFieldsOfTheWrongTypeAreRejected() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("\"order\":{\"a\":1}", "its state field 'order' is {\"a\":1}, expected a JSON array");
        expected.put("\"order\":[\"x\",0,1]", "its state field 'order[0]' is \"x\", expected an integer in 0..");
        expected.put("\"order\":[-1,0,1]", "its state field 'order[0]' is -1, expected an integer in 0..");
        expected.put("\"steps\":\"many\"", "its state field 'steps' is \"many\", expected an integer in 0..");
        expected.put("\"steps\":-3", "its state field 'steps' is -3, expected an integer in 0..");
        expected.put("\"epoch\":2.7", "its state field 'epoch' is 2.7, expected an integer in 1..2147483647");
        expected.put("\"epoch\":99999999999", "its state field 'epoch' is 99999999999, expected an integer in"
                + " 1..2147483647");
        expected.put("\"batch\":true", "its state field 'batch' is true, expected an integer in 0..");
        expected.put("\"seed\":1e3", "its state field 'seed' is 1000.0, expected an integer");
        expected.put("\"optimizer\":3", "its state field 'optimizer' is 3, expected a JSON object");
        expected.put("\"config\":[]", "its state field 'config' is [], expected a JSON object");
        expected.put("\"listeners\":{\"early-stopping\":{\"best\":{}}}", "its state value 'best' of listener"
                + " 'early-stopping' is {}, expected a JSON string, number or boolean");
        expected.put("\"listeners\":{\"early-stopping\":{\"best\":[1]}}", "its state value 'best' of listener"
                + " 'early-stopping' is [1], expected a JSON string, number or boolean");
        expected.put("\"listeners\":{\"early-stopping\":{\"best\":null}}", "its state value 'best' of listener"
                + " 'early-stopping' is null, expected a JSON string, number or boolean");

        for (Map.Entry<String, String> c : expected.entrySet()) {
            Path file = dir.resolve(CheckpointFile.FILE_NAME);
            CheckpointFile.write(sample(), file);
            String field = c.getKey().substring(0, c.getKey().indexOf(':') + 1);
            replaceState(file, state -> state.replaceFirst(Pattern.quote(field)
                    + "(\\[[^]]*]|\\{[^}]*}|\"[^\"]*\"|[^,}]*)", Matcher.quoteReplacement(c.getKey())));

            assertThatThrownBy(() -> CheckpointFile.read(file)).as(c.getKey())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString()).hasMessageContaining(c.getValue());
        }
    }

    @Test
    void stateThatIsNotAJsonObjectIsRejected() throws IOException {
        Path file = dir.resolve(CheckpointFile.FILE_NAME);
        CheckpointFile.write(sample(), file);
        replaceState(file, state -> "[1, 2]");

        assertThatThrownBy(() -> CheckpointFile.read(file)).hasMessageContaining("its state metadata is [1,2],"
                + " expected a JSON object");
    }

    @Test
    void listenerStateValueErrorsNameTheValue() {
        ListenerState state = new ListenerState(Map.of("best", "fast"), Map.of());

        assertThatThrownBy(() -> state.doubleValue("best")).hasMessage("listener state value 'best' is 'fast', not a"
                + " number");
        assertThatThrownBy(() -> state.longValue("best")).hasMessage("listener state value 'best' is 'fast', not an"
                + " integer");
        assertThatThrownBy(() -> state.value("count")).hasMessage("listener state has no value 'count'; it has [best]");
    }

    @Test
    void missingFileIsReported() {
        Path file = dir.resolve("absent.safetensors");

        assertThatThrownBy(() -> CheckpointFile.read(file)).hasMessageContaining("not found")
                .hasMessageContaining(file.toString());
    }

    @Test
    void parametersOfAnotherShapeAreRejected() {
        Checkpoint checkpoint = sample();
        io.jlstm.api.tensor.Backend backend = new io.jlstm.backend.scalar.ScalarBackend();
        io.jlstm.api.param.ParameterSet set = new io.jlstm.api.param.ParameterSet()
                .add("lstm", io.jlstm.api.param.Parameter.matrix(backend, "weight_ih_l0", 3, 2))
                .add("head", io.jlstm.api.param.Parameter.vector(backend, "bias", 2));

        assertThatThrownBy(() -> checkpoint.restoreParameters(set)).hasMessageContaining("2 x 3")
                .hasMessageContaining("[3 x 2]");
    }

    /** Rewrites the state metadata of {@code file} with {@code edit}, keeping its tensors. */
    private static void replaceState(Path file, UnaryOperator<String> edit) throws IOException {
        SafetensorsFile contents = Safetensors.read(file);
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        String state = metadata.get("state");
        String edited = edit.apply(state);
        assertThat(edited).as("edited state").isNotEqualTo(state);
        metadata.put("state", edited);
        Safetensors.write(file, contents.tensors(), metadata);
    }

    private static Checkpoint withListeners(Checkpoint c, Map<String, ListenerState> listeners) {
        return new Checkpoint(c.seed(), c.steps(), c.epoch(), c.batch(), c.order(), c.epochLossSum(), c.parameters(),
                c.optimizer(), c.schedule(), c.config(), listeners);
    }

    private static Checkpoint sample() {
        Map<String, Checkpoint.Matrix> parameters = new LinkedHashMap<>();
        parameters.put("lstm.weight_ih_l0", new Checkpoint.Matrix(2, 3,
                new double[] {Math.PI, -0.0, Double.MIN_VALUE, 1e300, -1.0 / 3.0, 7.0}));
        parameters.put("head.bias", new Checkpoint.Matrix(1, 2, new double[] {0.5, -0.5}));
        Map<String, Map<String, double[]>> buffers = new LinkedHashMap<>();
        buffers.put("head.bias", Map.of("exp_avg", new double[] {1.0, 2.0}, "exp_avg_sq", new double[] {1e-20, 2e-20}));
        return new Checkpoint(-7L, 12L, 3, 1, new int[] {2, 0, 1}, 0.1 + 0.2, parameters,
                new OptimizerState("adam", 12L, 0.001 / 3, buffers),
                new ScheduleState("plateau", 2, 0.01, Map.of("best", Double.POSITIVE_INFINITY, "bad_epochs", 1.0,
                        "cooldown_counter", 0.0)),
                Map.of("optimizer.name", "adam"));
    }
}
