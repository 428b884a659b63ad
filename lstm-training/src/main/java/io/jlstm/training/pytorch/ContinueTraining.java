package io.jlstm.training.pytorch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.Trainer;
import io.jlstm.training.TrainingModule;
import io.jlstm.training.backend.BackendModule;
import io.jlstm.training.config.CoreKeys;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.ModelDirectory;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Continues training a saved model on a {@link TensorDataFile} and saves the result as a new model
 * directory with the same parameter names.
 *
 * <p>The backend, loss, optimizer and its hyper-parameters, epochs, batch size, shuffling and seed
 * come from the configuration, through the same Guice modules as any training run; only the model
 * binding is replaced by the loaded model. Every sequence starts from a zero state and
 * backpropagates through all its steps. So with one epoch, the batch size equal to the file's
 * {@code B}, no shuffling, {@code sgd} and the {@code mse} loss, the run is one
 * {@code torch.optim.SGD} step on the MSE (mean over all elements) of the whole batch.
 */
public final class ContinueTraining {

    /** Top-level section of {@code model.json} that records the run. */
    public static final String SECTION = "continued_training";

    private static final Set<String> RESERVED = Set.of("format", "format_version", "architecture", "weights");

    private ContinueTraining() {
    }

    /** The trained model, its directory's loaded form and the trainer's summary. */
    public record Result(ModelDirectory.Loaded source, SequenceModel model, TrainingSummary summary) {
    }

    /**
     * Loads {@code modelDir}, trains it on {@code dataFile} and saves it to {@code outDir}. The new
     * {@code model.json} keeps every extra section of the old one (preprocessing, provenance) and
     * records this run in {@value #SECTION}.
     *
     * @throws io.jlstm.training.io.SafetensorsException if the data file is invalid or does not fit
     *     the model, naming the tensor and the expected shape
     * @throws io.jlstm.training.io.ModelFileException if the model directory cannot be loaded
     * @throws io.jlstm.training.config.ConfigException if the backend, optimizer or loss is unknown
     */
    public static Result run(JlstmConfig config, Path modelDir, Path dataFile, Path outDir) throws IOException {
        Injector backendInjector = Guice.createInjector(new BackendModule(config));
        Backend backend = backendInjector.getInstance(Backend.class);
        ModelDirectory.Loaded loaded = ModelDirectory.load(modelDir, backend);
        SequenceModel model = loaded.model();
        TensorDataFile data = TensorDataFile.read(dataFile, true);
        data.requireSizes(model.inputSize(), model.outputSize());

        Injector injector = backendInjector.createChildInjector(new TrainingModule(config),
                binder -> binder.bind(SequenceModel.class).toInstance(model));
        Trainer trainer = injector.getInstance(Trainer.class);
        TrainingSummary summary = trainer.fit(data.dataset(), null);

        ObjectNode sections = ModelDirectory.newSections();
        Iterator<Map.Entry<String, JsonNode>> fields = loaded.document().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!RESERVED.contains(field.getKey()) && !field.getKey().equals(SECTION)) {
                sections.set(field.getKey(), field.getValue());
            }
        }
        ObjectNode run = sections.putObject(SECTION);
        run.put("data", String.valueOf(dataFile.getFileName()));
        run.put("optimizer", trainer.optimizer().name());
        run.put("learning_rate", config.getDouble(CoreKeys.LEARNING_RATE));
        run.put("loss", trainer.loss().name());
        run.put("epochs", summary.epochs());
        run.put("steps", summary.steps());
        run.put("batch_size", config.getInt(CoreKeys.BATCH_SIZE));
        run.put("shuffle", config.getBoolean(CoreKeys.SHUFFLE));
        run.put("final_training_loss", summary.finalTrainingLoss());
        ModelDirectory.save(outDir, loaded.spec(), model, sections);
        return new Result(loaded, model, summary);
    }
}
