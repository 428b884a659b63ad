package io.jlstm.training.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Discovery with only the scalar backend on the class path, as in this module's tests. */
class BackendsTest {

    @Test
    void describeMarksOnlyProviderAsDefault() {
        List<BackendDescription> descriptions = Backends.describe();

        assertThat(descriptions).hasSize(1);
        BackendDescription scalar = descriptions.get(0);
        assertThat(scalar.name()).isEqualTo("scalar");
        assertThat(scalar.className()).isEqualTo("io.jlstm.backend.scalar.ScalarBackendProvider");
        assertThat(scalar.description()).isNotBlank();
        assertThat(scalar.priority()).isZero();
        assertThat(scalar.isDefault()).isTrue();
    }

    @Test
    void unknownNameListsAvailableNames() {
        assertThatThrownBy(() -> Backends.byName("cuda"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown backend 'cuda'")
                .hasMessageContaining("available backends: scalar");
    }

    @Test
    void byNameSkipsPriorityOfOtherProviders() {
        BackendProvider scalar = Backends.byName("scalar");
        BackendProvider costly = new CostlyPriorityProvider();

        assertThat(Backends.byName("scalar", null, List.of(costly, scalar))).isSameAs(scalar);
    }

    @Test
    void unknownNameFromEnvironmentFailsBeforeWiring() {
        JlstmConfig config = JlstmConfig.builder()
                .environment(Map.of("JLSTM_BACKEND", "cuda"))
                .systemProperties(new Properties())
                .build();

        assertThatThrownBy(() -> new BackendModule(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown backend 'cuda'")
                .hasMessageContaining("environment variable JLSTM_BACKEND")
                .hasMessageContaining("available backends: scalar");
    }

    @Test
    void unsetBackendChoosesHighestPriority() {
        JlstmConfig config = JlstmConfig.builder()
                .environment(Map.of())
                .systemProperties(new Properties())
                .build();

        assertThat(new BackendModule(config).provider().name()).isEqualTo("scalar");
    }

    /** A provider whose priority must not be asked for, as when it would load a native library. */
    private static final class CostlyPriorityProvider implements BackendProvider {
        @Override
        public String name() {
            return "costly";
        }

        @Override
        public int priority() {
            throw new AssertionError("priority() of a provider that does not match the requested name");
        }

        @Override
        public String description() {
            return "test provider";
        }

        @Override
        public Backend create() {
            throw new AssertionError("create() of a provider that was not requested");
        }
    }
}
