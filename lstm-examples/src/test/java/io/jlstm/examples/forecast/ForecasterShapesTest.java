package io.jlstm.examples.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.backend.scalar.ScalarBackend;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.data.CsvSeries;
import io.jlstm.training.config.JlstmConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ForecasterShapesTest {

    private static final Path AIRLINE = Path.of("../examples/data/airline-passengers.csv");

    private static Forecaster forecaster(SequenceModel model) {
        JlstmConfig config = JlstmConfig.builder(ExampleKeys.schema()).environment(Map.of())
                .systemProperties(new Properties()).file(Path.of("../examples/configs/airline.properties"))
                .set("backend", "scalar").build();
        SeriesPreprocessing preprocessing = SeriesPreprocessing.fromConfig(config);
        CsvSeries series = preprocessing.load(AIRLINE);
        return new Forecaster(model, ForecastTask.prepare(series, preprocessing, "standard").preprocessing());
    }

    private static double[] series() {
        JlstmConfig config = JlstmConfig.builder(ExampleKeys.schema()).environment(Map.of())
                .systemProperties(new Properties()).file(Path.of("../examples/configs/airline.properties"))
                .set("backend", "scalar").build();
        return SeriesPreprocessing.fromConfig(config).load(AIRLINE).values();
    }

    @Test
    void forecastWithDropoutIsDeterministic() {
        Backend backend = new ScalarBackend();
        SequenceModel model = SequenceModel.builder(backend).cell("gru").hiddenSize(4).layers(2).dropout(0.5)
                .seed(3L).build();
        Forecaster forecaster = forecaster(model);
        double[] values = series();

        double first = forecaster.predictNext(values, 100);
        double second = forecaster.predictNext(values, 100);

        assertThat(first).isFinite().isEqualTo(second);
        assertThat(model.isTraining()).as("mode after forecasting").isTrue();
    }

    @Test
    void manyToOneModelForecastsItsLastStep() {
        Backend backend = new ScalarBackend();
        SequenceModel manyToOne = SequenceModel.builder(backend).cell("lstm").hiddenSize(4)
                .head(SequenceModel.Head.MANY_TO_ONE).seed(3L).build();
        SequenceModel manyToMany = SequenceModel.builder(backend).cell("lstm").hiddenSize(4).seed(3L).build();
        double[] values = series();

        assertThat(forecaster(manyToOne).predictNext(values, 100))
                .isEqualTo(forecaster(manyToMany).predictNext(values, 100));
    }
}
