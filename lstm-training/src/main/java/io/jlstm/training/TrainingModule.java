package io.jlstm.training;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import io.jlstm.api.loss.Loss;
import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.loss.SoftmaxCrossEntropyLoss;
import io.jlstm.training.bptt.BpttStrategy;
import io.jlstm.training.bptt.FullBptt;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.optim.OptimizerFactory;
import io.jlstm.training.optim.Optimizer;
import io.jlstm.training.optim.Sgd;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds the configuration, the loss, the optimizer and the BPTT strategy, each chosen by name.
 *
 * <table>
 *   <caption>Bindings</caption>
 *   <tr><th>type</th><th>bound to</th></tr>
 *   <tr><td>{@link JlstmConfig}</td><td>the configuration given to the constructor</td></tr>
 *   <tr><td>{@code Map<String, OptimizerFactory>}</td><td>{@code sgd}; add entries with {@link #optimizers}</td></tr>
 *   <tr><td>{@link Optimizer}</td><td>the factory named by {@code optimizer.name}</td></tr>
 *   <tr><td>{@code Map<String, Loss>}</td><td>{@code mse}, {@code cross-entropy}</td></tr>
 *   <tr><td>{@link Loss}</td><td>the entry named by {@code loss}</td></tr>
 *   <tr><td>{@link BpttStrategy}</td><td>{@link FullBptt}</td></tr>
 *   <tr><td>{@code Set<TrainingListener>}</td><td>empty; add entries with {@link #listeners}</td></tr>
 * </table>
 */
public class TrainingModule extends AbstractModule {

    private final JlstmConfig config;

    /** Creates the module for {@code config}. */
    public TrainingModule(JlstmConfig config) {
        this.config = config;
    }

    /** The optimizer map binder, so another module can add an optimizer under a new name. */
    public static MapBinder<String, OptimizerFactory> optimizers(com.google.inject.Binder binder) {
        return MapBinder.newMapBinder(binder, String.class, OptimizerFactory.class);
    }

    /** The listener set binder, so another module can add a listener. */
    public static Multibinder<TrainingListener> listeners(com.google.inject.Binder binder) {
        return Multibinder.newSetBinder(binder, TrainingListener.class);
    }

    @Override
    protected void configure() {
        bind(JlstmConfig.class).toInstance(config);

        optimizers(binder()).addBinding("sgd").toInstance(c -> new Sgd(c.getDouble(CoreKeys.LEARNING_RATE)));

        MapBinder<String, Loss> losses = MapBinder.newMapBinder(binder(), String.class, Loss.class);
        losses.addBinding("mse").to(MseLoss.class);
        losses.addBinding("cross-entropy").to(SoftmaxCrossEntropyLoss.class);

        bind(BpttStrategy.class).to(FullBptt.class);
        listeners(binder());
    }

    @Provides
    Optimizer optimizer(Map<String, OptimizerFactory> factories) {
        String name = config.getString(CoreKeys.OPTIMIZER);
        OptimizerFactory factory = factories.get(name);
        if (factory == null) {
            throw new ConfigException("unknown optimizer '" + name + "' (key optimizer.name); available optimizers: "
                    + String.join(", ", new TreeSet<>(factories.keySet())));
        }
        return factory.create(config);
    }

    @Provides
    Loss loss(Map<String, Loss> losses) {
        String name = config.getString(CoreKeys.LOSS);
        Loss loss = losses.get(name);
        if (loss == null) {
            throw new ConfigException("unknown loss '" + name + "' (key loss); available losses: "
                    + String.join(", ", new TreeSet<>(losses.keySet())));
        }
        return loss;
    }
}
