package io.jlstm.training.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    @TempDir
    Path dir;

    private final Backend backend = new ScalarBackend();
    private final ModelSpec spec = new ModelSpec("lstm", 3, 5, 2, 2, Map.of());

    @Test
    void saveLoadGivesBitIdenticalPredictions() throws Exception {
        SequenceModel model = spec.build(backend, 11L);
        Tensor x = backend.fromArray(8, 3, new double[] {
            0.1, 0.2, 0.3, -1, 0, 1, 0.5, 0.5, 0.5, 2, -2, 0, 0.3, 0.1, 0.9, -0.7, 0.2, 0, 1, 1, 1, 0, 0, 0});
        double[] before = model.forward(x, 2, null).predictions().toArray();

        ModelDirectory.save(dir, spec, model, ModelDirectory.newSections());
        ModelDirectory.Loaded loaded = ModelDirectory.load(dir, backend);

        assertThat(loaded.spec()).isEqualTo(spec);
        assertThat(loaded.model().forward(x, 2, null).predictions().toArray()).containsExactly(before);
        assertThat(loaded.model().parameters().names()).containsExactly("lstm.weight_ih_l0", "lstm.weight_hh_l0",
                "lstm.bias_ih_l0", "lstm.bias_hh_l0", "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1",
                "lstm.bias_hh_l1", "head.weight", "head.bias");
    }

    @Test
    void moduleNamesSurviveSaveAndLoad() throws Exception {
        ModelSpec named = new ModelSpec("lstm", 2, 3, 1, 1, Map.of(), "encoder.rnn", "fc");
        SequenceModel model = named.build(backend, 5L);

        ModelDirectory.save(dir, named, model, null);
        ModelDirectory.Loaded loaded = ModelDirectory.load(dir, backend);

        assertThat(loaded.spec()).isEqualTo(named);
        assertThat(loaded.model().parameters().names()).containsExactly("encoder.rnn.weight_ih_l0",
                "encoder.rnn.weight_hh_l0", "encoder.rnn.bias_ih_l0", "encoder.rnn.bias_hh_l0", "fc.weight", "fc.bias");
        assertThat(Files.readString(dir.resolve(ModelDirectory.MODEL_FILE))).contains("\"head_name\" : \"fc\"");
    }

    @Test
    void documentWithoutModuleNamesUsesDefaults() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Path json = dir.resolve(ModelDirectory.MODEL_FILE);
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"recurrent_name\" : \"lstm\",", "").replace("\"head_name\" : \"head\",", ""));

        ModelDirectory.Loaded loaded = ModelDirectory.load(dir, backend);

        assertThat(Files.readString(json)).doesNotContain("head_name");
        assertThat(loaded.spec().recurrentName()).isEqualTo("lstm");
        assertThat(loaded.spec().headName()).isEqualTo("head");
    }

    @Test
    void invalidModuleNamesAreRejected() {
        assertThatThrownBy(() -> new ModelSpec("lstm", 1, 1, 1, 1, Map.of(), "", "head").build(backend, 1L))
                .hasMessageContaining("recurrent module name must not be empty");
        assertThatThrownBy(() -> new ModelSpec("lstm", 1, 1, 1, 1, Map.of(), "a..b", "head").build(backend, 1L))
                .hasMessageContaining("'a..b'");
        assertThatThrownBy(() -> new ModelSpec("lstm", 1, 1, 1, 1, Map.of(), "lstm", "lstm.").build(backend, 1L))
                .hasMessageContaining("'lstm.'");
        assertThatThrownBy(() -> new ModelSpec("lstm", 1, 1, 1, 1, Map.of(), "net", "net").build(backend, 1L))
                .hasMessageContaining("different module names");
    }

    @Test
    void flippedWeightByteFailsChecksum() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Path weights = dir.resolve(ModelDirectory.WEIGHTS_FILE);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(weights, bytes);

        assertThatThrownBy(() -> ModelDirectory.load(dir, backend))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void nonFiniteWeightIsRejected() throws Exception {
        SequenceModel model = spec.build(backend, 1L);
        model.parameters().get("head.weight").value().set(0, 1, Double.NaN);
        ModelDirectory.save(dir, spec, model, null);

        assertThatThrownBy(() -> ModelDirectory.load(dir, backend))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("tensor 'head.weight' contains NaN at flat index 1");
    }

    @Test
    void futureFormatVersionIsRejected() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Path json = dir.resolve(ModelDirectory.MODEL_FILE);
        Files.writeString(json, Files.readString(json).replace("\"format_version\" : 1", "\"format_version\" : 99"));

        assertThatThrownBy(() -> ModelDirectory.load(dir, backend))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("format_version 99");
    }

    @Test
    void missingModelJsonIsNamed() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Files.delete(dir.resolve(ModelDirectory.MODEL_FILE));

        assertThatThrownBy(() -> ModelDirectory.load(dir, backend)).hasMessageContaining("missing model.json");
    }

    @Test
    void weightsFileOutsideDirectoryIsRejected() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Path json = dir.resolve(ModelDirectory.MODEL_FILE);
        String text = Files.readString(json);

        for (String name : new String[] {"../weights.safetensors", "/etc/passwd", "sub/../../w"}) {
            Files.writeString(json, text.replace("\"file\" : \"weights.safetensors\"", "\"file\" : \"" + name + "\""));

            assertThatThrownBy(() -> ModelDirectory.load(dir, backend))
                    .as(name)
                    .isInstanceOf(ModelFileException.class)
                    .hasMessageContaining("weights.file\" '" + name + "'");
        }
    }

    @Test
    void modelJsonLinkOutsideIsRejected() throws Exception {
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        ModelDirectory.save(modelDir, spec, spec.build(backend, 1L), null);
        Path outside = Files.move(modelDir.resolve(ModelDirectory.MODEL_FILE), dir.resolve("elsewhere.json"));
        Files.createSymbolicLink(modelDir.resolve(ModelDirectory.MODEL_FILE), outside);

        assertThatThrownBy(() -> ModelDirectory.load(modelDir, backend))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("file 'model.json' is a link to " + outside.toRealPath() + ", outside " + modelDir);
    }

    @Test
    void linksInsideDirectoryAreFollowed() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Path json = Files.move(dir.resolve(ModelDirectory.MODEL_FILE), dir.resolve("saved.json"));
        Path weights = Files.move(dir.resolve(ModelDirectory.WEIGHTS_FILE), dir.resolve("saved.safetensors"));
        Files.createSymbolicLink(dir.resolve(ModelDirectory.MODEL_FILE), json.getFileName());
        Files.createSymbolicLink(dir.resolve(ModelDirectory.WEIGHTS_FILE), weights.getFileName());

        assertThat(ModelDirectory.load(dir, backend).spec()).isEqualTo(spec);
    }

    @Test
    void weightsFileNameIsRead() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Files.move(dir.resolve(ModelDirectory.WEIGHTS_FILE), dir.resolve("renamed.safetensors"));
        Path json = dir.resolve(ModelDirectory.MODEL_FILE);
        Files.writeString(json, Files.readString(json).replace("\"weights.safetensors\"", "\"renamed.safetensors\""));

        assertThat(ModelDirectory.load(dir, backend).spec()).isEqualTo(spec);
    }

    @Test
    void architectureLargerThanWeightsFailsBeforeBuilding() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        Path json = dir.resolve(ModelDirectory.MODEL_FILE);
        Files.writeString(json, Files.readString(json).replace("\"hidden_size\" : 5", "\"hidden_size\" : 1048576")
                .replace("\"input_size\" : 3", "\"input_size\" : 1048576"));

        assertThatThrownBy(() -> ModelDirectory.load(dir, backend))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("has 17592204918786 parameter values")
                .hasMessageContaining("do not belong together");
    }

    @Test
    void parameterCountMatchesBuiltModel() {
        List<ModelSpec> specs = new ArrayList<>();
        for (String cell : List.of("lstm", "gru", "rnn-tanh", "rnn-relu", "peephole-lstm")) {
            specs.add(new ModelSpec(cell, 1, 1, 1, 1, Map.of()));
            specs.add(new ModelSpec(cell, 7, 4, 3, 3, Map.of()));
            specs.add(new ModelSpec(cell, 3, 5, 2, 2, Map.of(ModelSpec.BIDIRECTIONAL, "true")));
        }
        specs.add(new ModelSpec("lstm", 3, 6, 2, 2, Map.of(ModelSpec.PROJECTION_SIZE, "4")));
        specs.add(new ModelSpec("lstm", 3, 6, 2, 3, Map.of(ModelSpec.PROJECTION_SIZE, "2", ModelSpec.BIDIRECTIONAL,
                "true")));
        specs.add(new ModelSpec("gru", 3, 5, 2, 2, Map.of(ModelSpec.HEAD, "many-to-one", ModelSpec.DROPOUT, "0.5")));

        for (ModelSpec s : specs) {
            assertThat(s.parameterCount()).as(s.toString())
                    .hasValue(s.build(backend, 1L).parameters().elementCount());
        }
    }

    @Test
    void saveLeavesNoStagedWeights() throws Exception {
        ModelDirectory.save(dir, spec, spec.build(backend, 1L), null);
        ModelDirectory.save(dir, spec, spec.build(backend, 2L), null);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(ModelDirectory.MODEL_FILE, ModelDirectory.WEIGHTS_FILE);
        }
    }

    @Test
    void saveInterruptedBeforeDocumentLoadsOldModel() throws Exception {
        Path model = dir.resolve("model");
        ModelDirectory.save(model, spec, spec.build(backend, 1L), null);
        Path other = dir.resolve("other");
        ModelDirectory.save(other, spec, spec.build(backend, 2L), null);
        Files.copy(other.resolve(ModelDirectory.WEIGHTS_FILE), model.resolve(ModelDirectory.STAGED_WEIGHTS_FILE));

        ModelDirectory.Loaded loaded = ModelDirectory.load(model, backend);

        assertThat(loaded.model().parameters().get("head.bias").value().toArray())
                .containsExactly(spec.build(backend, 1L).parameters().get("head.bias").value().toArray());
    }

    @Test
    void saveInterruptedBeforeRenameLoadsNewModel() throws Exception {
        Path model = dir.resolve("model");
        ModelDirectory.save(model, spec, spec.build(backend, 1L), null);
        Path other = dir.resolve("other");
        ModelDirectory.save(other, spec, spec.build(backend, 2L), null);
        Files.copy(other.resolve(ModelDirectory.WEIGHTS_FILE), model.resolve(ModelDirectory.STAGED_WEIGHTS_FILE));
        Files.copy(other.resolve(ModelDirectory.MODEL_FILE), model.resolve(ModelDirectory.MODEL_FILE),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ModelDirectory.Loaded loaded = ModelDirectory.load(model, backend);

        assertThat(loaded.model().parameters().get("head.bias").value().toArray())
                .containsExactly(spec.build(backend, 2L).parameters().get("head.bias").value().toArray());
    }
}
