package io.jlstm.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ExampleFilesTest {

    @Test
    void everyBuiltinConfigLoadsAndFindsItsData() {
        for (String name : ExampleFiles.BUILTIN_CONFIGS) {
            Path file = ExampleFiles.config(name);
            JlstmConfig config = JlstmConfig.builder(ExampleKeys.schema()).environment(Map.of())
                    .systemProperties(new Properties()).file(file).build();

            Path data = ExampleFiles.dataFile(config, ExampleKeys.DATA_PATH);

            assertThat(data).as(name).isRegularFile();
            assertThat(ExampleFiles.recordable(data)).as(name).startsWith("builtin:data/");
            assertThat(ExampleFiles.recorded(ExampleFiles.recordable(data))).isEqualTo(data);
        }
    }

    @Test
    void builtinDataMatchesRepositoryCopy() throws Exception {
        Path file = ExampleFiles.recorded("builtin:data/airline-passengers.csv");

        assertThat(Files.readAllBytes(file)).isEqualTo(
                Files.readAllBytes(Path.of("../examples/data/airline-passengers.csv")));
    }

    @Test
    void unknownConfigNameListsBuiltins() {
        assertThatThrownBy(() -> ExampleFiles.config("weather"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configuration file not found: weather")
                .hasMessageContaining("airline, co2");
    }

    @Test
    void relativeDataPathResolvesAgainstConfigDirectory() throws Exception {
        Path dir = Files.createTempDirectory("jlstm-config-test");
        Path config = dir.resolve("run.properties");
        Files.writeString(config, "data.path = sub/x.csv\n");
        JlstmConfig c = JlstmConfig.builder(ExampleKeys.schema()).environment(Map.of())
                .systemProperties(new Properties()).file(config).build();

        assertThat(ExampleFiles.dataFile(c, ExampleKeys.DATA_PATH)).isEqualTo(dir.toAbsolutePath().resolve("sub/x.csv")
                .normalize());
    }

    @Test
    void builtinPathOutsideExamplesIsRejected() {
        for (String text : new String[] {"builtin:../pom.xml", "builtin:data/../../pom.xml", "builtin:/etc/passwd",
            "builtin:", "builtin:data\\..\\..\\pom.xml"}) {
            assertThatThrownBy(() -> ExampleFiles.recorded(text)).as(text)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("points outside the built-in examples");
        }
    }
}
