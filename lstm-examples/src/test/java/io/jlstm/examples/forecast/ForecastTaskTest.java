package io.jlstm.examples.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.data.CsvSeries;
import io.jlstm.examples.data.DataException;
import io.jlstm.training.Jlstm;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.Trainer;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.io.ModelDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastTaskTest {

    private static final Path AIRLINE = Path.of("../examples/data/airline-passengers.csv");
    private static final Path CO2 = Path.of("../examples/data/co2-mauna-loa-monthly.csv");

    private static JlstmConfig config(Path configFile, String... keyValues) {
        JlstmConfig.Builder b = JlstmConfig.builder(ExampleKeys.schema()).environment(Map.of())
                .systemProperties(new Properties()).file(configFile).set("backend", "scalar");
        for (int k = 0; k < keyValues.length; k += 2) {
            b.set(keyValues[k], keyValues[k + 1]);
        }
        return b.build();
    }

    private static Forecaster untrained(SeriesPreprocessing preprocessing, CsvSeries series) {
        Backend backend = Backends.byName("scalar").create();
        var prepared = ForecastTask.prepare(series, preprocessing, "standard");
        return new Forecaster(SequenceModel.lstm(backend, 1, 3, 1, 1, 7L), prepared.preprocessing());
    }

    @Test
    void airlineBaselinesMatchPublishedScores() {
        JlstmConfig c = config(Path.of("../examples/configs/airline.properties"));
        SeriesPreprocessing p = SeriesPreprocessing.fromConfig(c);
        CsvSeries series = p.load(AIRLINE);

        HoldoutReport report = HoldoutReport.evaluate(untrained(p, series), series.values(), 24, AIRLINE);

        assertThat(report.points()).isEqualTo(24);
        assertThat(report.persistence().rmse()).isCloseTo(51.78, within(0.01));
        assertThat(report.seasonalNaive().rmse()).isCloseTo(49.99, within(0.01));
    }

    @Test
    void co2GapsFilledAndBaselinesMatch() {
        JlstmConfig c = config(Path.of("../examples/configs/co2.properties"));
        SeriesPreprocessing p = SeriesPreprocessing.fromConfig(c);
        CsvSeries series = p.load(CO2);

        HoldoutReport report = HoldoutReport.evaluate(untrained(p, series), series.values(), 36, CO2);

        assertThat(series.missingCount()).isZero();
        assertThat(series.size()).isEqualTo(815);
        assertThat(report.persistence().rmse()).isCloseTo(1.33, within(0.005));
        assertThat(report.seasonalNaive().rmse()).isCloseTo(3.03, within(0.005));
    }

    @Test
    void dropWindowsSkipsWindowsTouchingGaps() {
        JlstmConfig interpolate = config(Path.of("../examples/configs/co2.properties"));
        JlstmConfig drop = config(Path.of("../examples/configs/co2.properties"), "data.missing-policy", "drop-windows");
        SeriesPreprocessing pi = SeriesPreprocessing.fromConfig(interpolate);
        SeriesPreprocessing pd = SeriesPreprocessing.fromConfig(drop);

        var all = ForecastTask.prepare(pi.load(CO2), pi, "standard");
        CsvSeries gappy = pd.load(CO2);
        var kept = ForecastTask.prepare(gappy, pd, "standard");

        assertThat(gappy.missingCount()).isEqualTo(7);
        assertThat(kept.missing()).isEqualTo(7);
        assertThat(kept.training().size()).isLessThan(all.training().size());
        assertThat(kept.training().size()).isGreaterThan(all.training().size() / 2);
    }

    @Test
    void tooShortSeriesRejected() {
        JlstmConfig c = config(Path.of("../examples/configs/airline.properties"), "data.holdout", "120");
        SeriesPreprocessing p = SeriesPreprocessing.fromConfig(c);

        assertThatThrownBy(() -> ForecastTask.prepare(p.load(AIRLINE), p, "standard"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("has 144 values")
                .hasMessageContaining("need at least 157");
    }

    @Test
    void predictionsBitIdenticalAfterSaveAndLoad(@TempDir Path dir) throws Exception {
        JlstmConfig c = config(Path.of("../examples/configs/airline.properties"), "training.epochs", "2",
                "model.hidden", "5", "model.input-size", "1", "model.output-size", "1");
        SeriesPreprocessing p = SeriesPreprocessing.fromConfig(c);
        CsvSeries series = p.load(AIRLINE);
        var prepared = ForecastTask.prepare(series, p, "standard");
        Trainer trainer = Jlstm.injector(c).getInstance(Trainer.class);
        trainer.fit(prepared.training(), prepared.validation());
        Forecaster before = new Forecaster(trainer.model(), prepared.preprocessing());

        var sections = ModelDirectory.newSections();
        sections.put("task", ForecastTask.NAME);
        prepared.preprocessing().writeTo(sections.putObject("preprocessing"));
        ModelDirectory.save(dir, ModelSpec.fromConfig(c), trainer.model(), sections);
        ModelDirectory.Loaded loaded = ModelDirectory.load(dir, Backends.byName("scalar").create());
        Forecaster after = ForecastTask.forecaster(dir, loaded);

        assertThat(after.preprocessing()).isEqualTo(before.preprocessing());
        assertThat(after.oneStepAhead(series.values(), 0)).containsExactly(before.oneStepAhead(series.values(), 0));
        assertThat(after.forecast(series.values(), 6)).containsExactly(before.forecast(series.values(), 6));
    }
}
