package io.jlstm.training;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import io.jlstm.training.backend.BackendModule;
import io.jlstm.training.config.JlstmConfig;
import java.util.List;

/** Entry point that wires backend, model and training from one configuration. */
public final class Jlstm {

    private Jlstm() {
    }

    /** The standard modules for {@code config}: backend, model and training. */
    public static List<Module> modules(JlstmConfig config) {
        return List.of(new BackendModule(config), new ModelModule(config), new TrainingModule(config));
    }

    /** An injector over {@link #modules}; ask it for a {@link Trainer}. */
    public static Injector injector(JlstmConfig config) {
        return Guice.createInjector(modules(config));
    }
}
