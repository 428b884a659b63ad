package io.jlstm.backend.ejml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.inject.Guice;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.training.Jlstm;
import io.jlstm.training.backend.BackendDescription;
import io.jlstm.training.backend.BackendModule;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Choosing the backend by configuration with both real backends on the class path. Each level of
 * the precedence is set to a different name than the level below it, so the chosen name shows which
 * level won.
 */
class BackendSelectionTest {

    @TempDir
    Path directory;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BackendModule.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
        logger.setLevel(null);
    }

    @Test
    void defaultIsEjmlWhenOnClassPath() throws IOException {
        BackendModule module = new BackendModule(config(null, null, null, null));

        assertThat(module.provider().name()).isEqualTo("ejml");
        assertThat(Guice.createInjector(module).getInstance(Backend.class)).isInstanceOf(EjmlBackend.class);
        assertThat(lastLogLine()).isEqualTo("backend 'ejml' chosen as the default (highest priority of: ejml, scalar)");
    }

    @Test
    void fileBeatsDefault() throws IOException {
        BackendModule module = new BackendModule(config(null, null, null, "scalar"));

        assertThat(module.provider().name()).isEqualTo("scalar");
        assertThat(lastLogLine()).isEqualTo("backend 'scalar' chosen by configuration file " + directory.resolve(
                "run.properties"));
    }

    @Test
    void environmentBeatsFile() throws IOException {
        BackendModule module = new BackendModule(config(null, null, "ejml", "scalar"));

        assertThat(module.provider().name()).isEqualTo("ejml");
        assertThat(lastLogLine()).isEqualTo("backend 'ejml' chosen by environment variable JLSTM_BACKEND");
    }

    @Test
    void systemPropertyBeatsEnvironment() throws IOException {
        BackendModule module = new BackendModule(config(null, "scalar", "ejml", "ejml"));

        assertThat(module.provider().name()).isEqualTo("scalar");
        assertThat(lastLogLine()).isEqualTo("backend 'scalar' chosen by system property jlstm.backend");
    }

    @Test
    void flagBeatsSystemProperty() throws IOException {
        BackendModule module = new BackendModule(config("ejml", "scalar", "scalar", "scalar"));

        assertThat(module.provider().name()).isEqualTo("ejml");
        assertThat(lastLogLine()).isEqualTo("backend 'ejml' chosen by command-line flag --backend");
    }

    @Test
    void injectorUsesChosenBackend() throws IOException {
        JlstmConfig config = config(null, "scalar", null, null);

        Backend backend = Jlstm.injector(config).getInstance(Backend.class);

        assertThat(backend).isInstanceOf(ScalarBackend.class);
    }

    @Test
    void unknownNameFailsListingNamesFound() throws IOException {
        JlstmConfig config = config(null, "ejlm", null, "scalar");

        assertThatThrownBy(() -> Jlstm.injector(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown backend 'ejlm'")
                .hasMessageContaining("system property jlstm.backend")
                .hasMessageContaining("available backends: ejml, scalar");
        assertThat(log.list).as("log lines of a failed selection").isEmpty();
    }

    @Test
    void describeMarksEjmlAsDefault() {
        List<BackendDescription> descriptions = Backends.describe();

        assertThat(descriptions).extracting(BackendDescription::name).containsExactly("ejml", "scalar");
        assertThat(descriptions).extracting(BackendDescription::isDefault).containsExactly(true, false);
        assertThat(descriptions.get(0).className()).isEqualTo(EjmlBackendProvider.class.getName());
        assertThat(descriptions.get(0).priority()).isEqualTo(EjmlBackendProvider.PRIORITY);
        assertThat(descriptions.get(0).description()).contains("EJML");
    }

    @Test
    void moduleBindsEjmlBackend() {
        Backend backend = Guice.createInjector(new EjmlBackendModule()).getInstance(Backend.class);

        assertThat(backend).isInstanceOf(EjmlBackend.class);
        assertThat(backend.name()).isEqualTo("ejml");
    }

    /**
     * A configuration with {@code backend} set at the given levels ({@code null} leaves a level
     * unset); the process's real environment and system properties are not read.
     */
    private JlstmConfig config(String flag, String systemProperty, String environment, String file)
            throws IOException {
        JlstmConfig.Builder builder = JlstmConfig.builder();
        Properties properties = new Properties();
        if (systemProperty != null) {
            properties.setProperty("jlstm.backend", systemProperty);
        }
        builder.systemProperties(properties);
        builder.environment(environment == null ? Map.of() : Map.of("JLSTM_BACKEND", environment));
        if (file != null) {
            Path path = directory.resolve("run.properties");
            Files.writeString(path, "# chosen backend\nbackend = " + file + "\n");
            builder.file(path);
        }
        if (flag != null) {
            builder.set("backend", flag);
        }
        return builder.build();
    }

    private String lastLogLine() {
        assertThat(log.list).as("log lines of BackendModule").isNotEmpty();
        ILoggingEvent event = log.list.get(log.list.size() - 1);
        assertThat(event.getLevel()).isEqualTo(Level.INFO);
        return event.getFormattedMessage();
    }
}
