package io.jlstm.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.listen.EpochEvent;
import io.jlstm.training.listen.TrainingSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/** Sections of {@code model.json} that every task writes: provenance, settings and the training history. */
public final class ModelMetadata {

    private ModelMetadata() {
    }

    /** The jLSTM version this jar was built as, or {@code unknown} when run from unpackaged classes. */
    public static String version() {
        try (InputStream in = ModelMetadata.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Adds {@code task}, {@code jlstm_version}, {@code backend}, {@code seed}, {@code created},
     * {@code command} and {@code settings} (every configuration value) to {@code sections}.
     */
    public static void addProvenance(ObjectNode sections, String task, JlstmConfig config, String backend,
            String commandLine) {
        sections.put("task", task);
        sections.put("jlstm_version", version());
        sections.put("backend", backend);
        sections.put("seed", config.getLong(io.jlstm.training.config.CoreKeys.SEED));
        sections.put("created", Instant.now().toString());
        sections.put("command", commandLine);
        ObjectNode settings = sections.putObject("settings");
        for (Map.Entry<String, Object> e : config.asMap().entrySet()) {
            Object v = e.getValue();
            if (v == null) {
                settings.putNull(e.getKey());
            } else if (v instanceof Integer i) {
                settings.put(e.getKey(), i);
            } else if (v instanceof Long l) {
                settings.put(e.getKey(), l);
            } else if (v instanceof Double d) {
                settings.put(e.getKey(), d);
            } else if (v instanceof Boolean b) {
                settings.put(e.getKey(), b);
            } else {
                settings.put(e.getKey(), v.toString());
            }
        }
    }

    /** Adds the {@code training} section: epochs, steps, seconds, stop reason and the loss per epoch. */
    public static void addTraining(ObjectNode sections, TrainingSummary summary) {
        ObjectNode training = sections.putObject("training");
        training.put("epochs", summary.epochs());
        training.put("steps", summary.steps());
        training.put("seconds", summary.seconds());
        if (summary.stopReason() != null) {
            training.put("stop_reason", summary.stopReason());
        }
        training.put("final_training_loss", summary.finalTrainingLoss());
        training.put("final_validation_loss", summary.finalValidationLoss());
        var history = training.putArray("history");
        for (EpochEvent e : summary.history()) {
            ObjectNode row = history.addObject();
            row.put("epoch", e.epoch());
            row.put("training_loss", e.trainingLoss());
            if (Double.isFinite(e.validationLoss())) {
                row.put("validation_loss", e.validationLoss());
            }
            row.put("seconds", e.seconds());
        }
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
