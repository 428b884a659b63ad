package io.jlstm.training;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.Multibinder;
import io.jlstm.api.loss.Loss;
import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.loss.SoftmaxCrossEntropyLoss;
import io.jlstm.training.bptt.BpttStrategy;
import io.jlstm.training.bptt.BpttStrategies;
import io.jlstm.training.bptt.FullBptt;
import io.jlstm.training.bptt.TruncatedBptt;
import io.jlstm.training.checkpoint.CheckpointPolicy;
import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;
import io.jlstm.training.listen.EarlyStopping;
import io.jlstm.training.listen.MetricsLog;
import io.jlstm.training.listen.TrainingListener;
import io.jlstm.training.optim.GradientClipping;
import io.jlstm.training.optim.Optimizer;
import io.jlstm.training.optim.OptimizerFactory;
import io.jlstm.training.optim.Optimizers;
import io.jlstm.training.schedule.LearningRateSchedule;
import io.jlstm.training.schedule.Schedules;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds the configuration, the loss, the optimizer and the BPTT strategy, each chosen by name.
 *
 * <table>
 *   <caption>Bindings</caption>
 *   <tr><th>type</th><th>bound to</th></tr>
 *   <tr><td>{@link JlstmConfig}</td><td>the configuration given to the constructor</td></tr>
 *   <tr><td>{@code Map<String, OptimizerFactory>}</td><td>{@code sgd}, {@code adam}, {@code adamw},
 *       {@code rmsprop}, {@code adagrad}; add entries with {@link #optimizers}</td></tr>
 *   <tr><td>{@link Optimizer}</td><td>the factory named by {@code optimizer.name}</td></tr>
 *   <tr><td>{@code Map<String, Loss>}</td><td>{@code mse}, {@code cross-entropy}</td></tr>
 *   <tr><td>{@link Loss}</td><td>the entry named by {@code loss}</td></tr>
 *   <tr><td>{@link BpttStrategy}</td><td>{@link FullBptt}, or {@link TruncatedBptt} when {@code bptt.k1 > 0}</td></tr>
 *   <tr><td>{@link LearningRateSchedule}</td><td>the schedule named by {@code schedule.name}</td></tr>
 *   <tr><td>{@link GradientClipping}</td><td>the limits {@code clip.norm} and {@code clip.value}</td></tr>
 *   <tr><td>{@link CheckpointPolicy}</td><td>the {@code checkpoint.*} keys</td></tr>
 *   <tr><td>{@code Set<TrainingListener>}</td><td>{@link EarlyStopping} when {@code early-stopping.patience > 0},
 *       {@link MetricsLog} when {@code metrics.file} is set; add entries with {@link #listeners}</td></tr>
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

        MapBinder<String, OptimizerFactory> optimizers = optimizers(binder());
        optimizers.addBinding("sgd").toInstance(Optimizers::sgd);
        optimizers.addBinding("adam").toInstance(Optimizers::adam);
        optimizers.addBinding("adamw").toInstance(Optimizers::adamW);
        optimizers.addBinding("rmsprop").toInstance(Optimizers::rmsProp);
        optimizers.addBinding("adagrad").toInstance(Optimizers::adaGrad);

        MapBinder<String, Loss> losses = MapBinder.newMapBinder(binder(), String.class, Loss.class);
        losses.addBinding("mse").to(MseLoss.class);
        losses.addBinding("cross-entropy").to(SoftmaxCrossEntropyLoss.class);

        bind(BpttStrategy.class).toInstance(BpttStrategies.fromConfig(config));
        bind(GradientClipping.class).toInstance(new GradientClipping(config.getDouble(TrainingKeys.CLIP_NORM),
                config.getDouble(TrainingKeys.CLIP_VALUE)));
        bind(CheckpointPolicy.class).toInstance(CheckpointPolicy.fromConfig(config));

        Multibinder<TrainingListener> listeners = listeners(binder());
        if (config.getInt(TrainingKeys.EARLY_STOPPING_PATIENCE) > 0) {
            listeners.addBinding().to(EarlyStopping.class);
        }
        if (config.getString(TrainingKeys.METRICS_FILE) != null) {
            listeners.addBinding().to(MetricsLog.class);
        }
    }

    @Provides
    LearningRateSchedule schedule() {
        return Schedules.fromConfig(config);
    }

    @Provides
    Optimizer optimizer(Map<String, OptimizerFactory> factories) {
        String name = config.getString(CoreKeys.OPTIMIZER);
        OptimizerFactory factory = factories.get(name);
        if (factory == null) {
            throw new ConfigException("unknown optimizer '" + name + "' (key optimizer.name); available optimizers: "
                    + String.join(", ", new TreeSet<>(factories.keySet())));
        }
        try {
            return factory.create(config);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid settings for optimizer '" + name + "' (keys optimizer.*): "
                    + e.getMessage(), e);
        }
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
