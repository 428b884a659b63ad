package io.jlstm.examples.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jlstm.examples.ExampleFiles;
import io.jlstm.examples.ExampleKeys;
import io.jlstm.examples.data.CsvSeries;
import io.jlstm.examples.data.CsvSeriesReader;
import io.jlstm.examples.data.DataException;
import io.jlstm.examples.data.Gaps;
import io.jlstm.examples.data.Scaler;
import io.jlstm.examples.data.SeriesTransform;
import io.jlstm.training.Plural;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.io.JsonFields;
import io.jlstm.training.io.ModelFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading and preprocessing rules of a forecaster's series: the CSV column and missing-value rules, the
 * transform chain, the scaler fitted on the training part, the window length and the hold-out
 * length. Stored as the {@code preprocessing} section of {@code model.json}, so that evaluation
 * and prediction repeat exactly what training did.
 *
 * @param scaler the fitted scaler, or {@code null} before fitting
 */
public record SeriesPreprocessing(String column, String missingMarker, String qualityColumn, String missingPolicy,
        SeriesTransform transform, Scaler scaler, int window, int holdout) {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesPreprocessing.class);

    /** Creates the unfitted preprocessing the {@code data.*} keys describe. */
    public static SeriesPreprocessing fromConfig(JlstmConfig config) {
        return new SeriesPreprocessing(config.getString(ExampleKeys.DATA_COLUMN),
                config.getString(ExampleKeys.DATA_MISSING_MARKER), config.getString(ExampleKeys.DATA_QUALITY_COLUMN),
                config.getString(ExampleKeys.DATA_MISSING_POLICY),
                SeriesTransform.parse(config.getString(ExampleKeys.DATA_TRANSFORM),
                        config.getInt(ExampleKeys.DATA_SEASON)),
                null, config.getInt(ExampleKeys.DATA_WINDOW), config.getInt(ExampleKeys.DATA_HOLDOUT));
    }

    /** Returns a copy with {@code fitted} as its scaler. */
    public SeriesPreprocessing withScaler(Scaler fitted) {
        return new SeriesPreprocessing(column, missingMarker, qualityColumn, missingPolicy, transform, fitted, window,
                holdout);
    }

    /** Returns whether windows touching a gap are dropped instead of gaps being interpolated. */
    public boolean dropsWindows() {
        return "drop-windows".equals(missingPolicy);
    }

    /** Season length of the transform and of the seasonal-naive baseline. */
    public int season() {
        return transform.season();
    }

    /**
     * Reads the configured column of {@code file}, fills or keeps the gaps by the missing-value
     * policy (logging how many values were filled) and checks that the values suit the transform.
     *
     * @throws DataException naming the file, line and value of the first problem
     */
    public CsvSeries load(Path file) {
        CsvSeries series = new CsvSeriesReader(column, missingMarker, qualityColumn).read(file);
        int missing = series.missingCount();
        if (missing > 0 && !dropsWindows()) {
            int filled = Gaps.interpolate(series);
            LOG.info("{}: filled {} of column '{}' by linear interpolation", ExampleFiles.recordable(file),
                    Plural.count(filled, "missing value"), column);
        } else if (missing > 0) {
            LOG.info("{}: {} of column '{}'; windows and predictions touching {} are dropped",
                    ExampleFiles.recordable(file), Plural.count(missing, "missing value"), column,
                    missing == 1 ? "it" : "them");
        }
        if (transform.needsPositiveValues()) {
            double[] v = series.values();
            for (int t = 0; t < v.length; t++) {
                if (v[t] <= 0.0) {
                    throw DataException.at(file, series.lines()[t], "value " + v[t] + " of column '" + column
                            + "' is not positive, but data.transform = " + transform.text()
                            + " takes its log; remove log from data.transform or fix the value");
                }
            }
        }
        return series;
    }

    /** Writes this preprocessing as JSON into {@code node}. */
    public void writeTo(ObjectNode node) {
        node.put("column", column);
        putNullable(node, "missing_marker", missingMarker);
        putNullable(node, "quality_column", qualityColumn);
        node.put("missing_policy", missingPolicy);
        node.put("transform", transform.text());
        node.put("season", transform.season());
        node.put("window", window);
        node.put("holdout", holdout);
        if (scaler != null) {
            ObjectNode s = node.putObject("scaler");
            s.put("kind", scaler.kind());
            s.put("offset", scaler.offset());
            s.put("scale", scaler.scale());
        }
    }

    /**
     * Reads the {@code preprocessing} section of a model document.
     *
     * @throws ModelFileException naming the file and the missing or invalid field
     */
    public static SeriesPreprocessing readFrom(JsonNode node, Path file) throws ModelFileException {
        if (node == null) {
            throw new ModelFileException(file + ": missing object field \"preprocessing\"");
        }
        if (!node.isObject()) {
            throw new ModelFileException(file + ": field \"preprocessing\" has the wrong type: expected an object, got "
                    + JsonFields.typeName(node));
        }
        JsonNode s = JsonFields.requireObject(node, "scaler", file, "preprocessing.scaler");
        try {
            Scaler scaler = new Scaler(JsonFields.requireText(s, "kind", file, "preprocessing.scaler.kind"),
                    JsonFields.requireNumber(s, "offset", file, "preprocessing.scaler.offset"),
                    JsonFields.requireNumber(s, "scale", file, "preprocessing.scaler.scale"));
            SeriesTransform transform = SeriesTransform.parse(text(node, "transform", file),
                    integer(node, "season", file));
            return new SeriesPreprocessing(text(node, "column", file), nullableText(node, "missing_marker"),
                    nullableText(node, "quality_column"), text(node, "missing_policy", file), transform, scaler,
                    integer(node, "window", file), integer(node, "holdout", file));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file + ": invalid \"preprocessing\" section: " + e.getMessage(), e);
        }
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String nullableText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String text(JsonNode node, String field, Path file) throws ModelFileException {
        return JsonFields.requireText(node, field, file, "preprocessing." + field);
    }

    private static int integer(JsonNode node, String field, Path file) throws ModelFileException {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
            throw new ModelFileException(file + ": field \"preprocessing." + field + "\" must be a positive integer,"
                    + " but is " + v);
        }
        return v.asInt();
    }
}
