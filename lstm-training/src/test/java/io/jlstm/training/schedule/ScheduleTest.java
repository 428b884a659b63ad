package io.jlstm.training.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.optim.Optimizer;
import io.jlstm.training.optim.Sgd;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final LearningRateSchedule.Interval EPOCH = LearningRateSchedule.Interval.EPOCH;

    @Test
    void stateContinuesTheSchedule() {
        List<Supplier<LearningRateSchedule>> schedules = List.of(() -> new StepDecay(EPOCH, 2, 0.5, 3, 0.25),
                () -> new CosineAnnealing(EPOCH, 4, 0.001, 2, 0.5), () -> new ExponentialDecay(EPOCH, 0.9, 0, 1.0),
                () -> new ReduceOnPlateau(0.5, 1, 1e-4, 1, 0.0));
        double[] losses = {1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8, 0.9};
        for (Supplier<LearningRateSchedule> factory : schedules) {
            Optimizer straight = new Sgd(0.1);
            LearningRateSchedule a = factory.get();
            a.start(straight);
            for (double loss : losses) {
                a.step(straight, loss);
            }

            Optimizer first = new Sgd(0.1);
            LearningRateSchedule b = factory.get();
            b.start(first);
            for (int k = 0; k < 4; k++) {
                b.step(first, losses[k]);
            }
            Optimizer second = new Sgd(0.5);
            second.loadState(first.state());
            LearningRateSchedule c = factory.get();
            c.loadState(b.state());
            for (int k = 4; k < losses.length; k++) {
                c.step(second, losses[k]);
            }

            assertThat(second.learningRate()).as(a.name()).isEqualTo(straight.learningRate());
        }
    }

    @Test
    void plateauWithoutValidationLossIsRejected() {
        ReduceOnPlateau plateau = new ReduceOnPlateau(0.1, 2, 1e-4, 0, 0.0);
        Optimizer sgd = new Sgd(0.1);
        plateau.start(sgd);

        assertThatThrownBy(() -> plateau.step(sgd, Double.NaN)).hasMessageContaining("validation");
    }

    @Test
    void stateOfAnotherScheduleIsRejected() {
        ScheduleState state = new StepDecay(EPOCH, 2, 0.5, 0, 1.0).state();

        assertThatThrownBy(() -> new CosineAnnealing(EPOCH, 4, 0.0, 0, 1.0).loadState(state))
                .hasMessageContaining("'step'").hasMessageContaining("'cosine'");
    }

    @Test
    void plateauStateWithoutItsValuesIsRejected() {
        ScheduleState state = new ScheduleState("plateau", 3, 0.1, java.util.Map.of("best", 1.0));

        assertThatThrownBy(() -> new ReduceOnPlateau(0.1, 2, 1e-4, 0, 0.0).loadState(state))
                .hasMessageContaining("bad_epochs");
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new StepDecay(EPOCH, 0, 0.5, 0, 1.0)).hasMessageContaining("period");
        assertThatThrownBy(() -> new ExponentialDecay(EPOCH, 1.5, 0, 1.0)).hasMessageContaining("gamma");
        assertThatThrownBy(() -> new CosineAnnealing(EPOCH, 0, 0.0, 0, 1.0)).hasMessageContaining("period");
        assertThatThrownBy(() -> new ConstantSchedule(EPOCH, 3, 0.0)).hasMessageContaining("start factor");
        assertThatThrownBy(() -> new ReduceOnPlateau(1.0, 2, 1e-4, 0, 0.0)).hasMessageContaining("factor");
        assertThatThrownBy(() -> new ReduceOnPlateau(0.5, -1, 1e-4, 0, 0.0)).hasMessageContaining("patience");
    }

    @Test
    void configChoosesTheSchedule() {
        JlstmConfig config = JlstmConfig.builder().set("schedule.name", "cosine").set("schedule.t-max", "7")
                .set("schedule.interval", "step").build();

        LearningRateSchedule schedule = Schedules.fromConfig(config);

        assertThat(schedule).isInstanceOf(CosineAnnealing.class);
        assertThat(schedule.interval()).isEqualTo(LearningRateSchedule.Interval.STEP);
    }

    @Test
    void plateauWithWarmupOrStepIntervalIsRejected() {
        JlstmConfig warm = JlstmConfig.builder().set("schedule.name", "plateau").set("schedule.warmup", "3").build();
        JlstmConfig perStep = JlstmConfig.builder().set("schedule.name", "plateau").set("schedule.interval", "step")
                .build();

        assertThatThrownBy(() -> Schedules.fromConfig(warm)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("schedule.warmup");
        assertThatThrownBy(() -> Schedules.fromConfig(perStep)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("schedule.interval = epoch");
    }
}
