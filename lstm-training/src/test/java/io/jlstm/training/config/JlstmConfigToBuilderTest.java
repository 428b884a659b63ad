package io.jlstm.training.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JlstmConfigToBuilderTest {

    @Test
    void flagsSurviveToBuilder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.properties");
        Files.writeString(file, "seed = 7\nmodel.hidden = 12\n");
        JlstmConfig original = JlstmConfig.builder().environment(Map.of()).systemProperties(new Properties())
                .file(file).set("seed", "3").build();

        JlstmConfig derived = original.toBuilder().set(CoreKeys.MODEL_LAYERS, 2).build();

        assertThat(derived.getLong(CoreKeys.SEED)).isEqualTo(3L);
        assertThat(derived.source(CoreKeys.SEED)).isEqualTo(ConfigSource.FLAG);
        assertThat(derived.getInt(CoreKeys.MODEL_HIDDEN)).isEqualTo(12);
        assertThat(derived.source(CoreKeys.MODEL_HIDDEN)).isEqualTo(ConfigSource.FILE);
        assertThat(derived.getInt(CoreKeys.MODEL_LAYERS)).isEqualTo(2);
        assertThat(derived.file()).isEqualTo(file);
    }
}
