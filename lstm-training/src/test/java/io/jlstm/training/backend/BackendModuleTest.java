package io.jlstm.training.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BackendModuleTest {

    private static JlstmConfig.Builder isolated() {
        return JlstmConfig.builder().environment(Map.of()).systemProperties(new Properties());
    }

    @Test
    void threadsDefaultToProcessorCount() {
        BackendModule module = new BackendModule(isolated().set("backend", "scalar").build());

        assertThat(module.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void threadsTakeConfiguredValue() {
        BackendModule module = new BackendModule(isolated().set("backend", "scalar").set("backend.threads", "3").build());

        assertThat(module.threads()).isEqualTo(3);
    }

    @Test
    void negativeThreadsRejected() {
        assertThatThrownBy(() -> isolated().set("backend.threads", "-1").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backend.threads");
    }
}
