package io.jlstm.examples.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlstm.examples.cli.ExitCodes;
import io.jlstm.examples.cli.JlstmCommand;
import io.jlstm.training.Jlstm;
import io.jlstm.training.Trainer;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.data.SequenceDataset;
import io.jlstm.training.data.TensorDataFile;
import io.jlstm.training.io.Safetensors;
import io.jlstm.training.io.SafetensorsFile;
import io.jlstm.training.io.TensorData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue of bad inputs in {@code docs/errors.md}: every case runs here, through the
 * {@code jlstm} command where one reaches it (exit status, one line on standard error, no stack
 * trace) and through the library API otherwise, and every case and message fragment must appear
 * in the page.
 */
class BadInputCatalogueTest {

    private static final Path DOC = Path.of("../docs/errors.md");
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|(.*)$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @TempDir
    static Path dir;

    private static Path model;

    /** How a case is checked: through the command with an exit status, or through the API. */
    interface Check {
        /** Runs the input and returns the error message, asserting the exit status or exception type. */
        String run(Path work) throws Exception;
    }

    record Case(String id, List<String> fragments, Check check) {
    }

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void trainTinyModel() {
        System.setProperty("java.awt.headless", "true");
        model = dir.resolve("model");
        Result r = run(train(model).toArray(String[]::new));
        assertThat(r.status()).as(r.err()).isZero();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseFailsWithItsMessage() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            Path work = Files.createDirectories(dir.resolve("case-" + c.id()));

            String message = c.check().run(work);

            for (String fragment : c.fragments()) {
                assertThat(message).as(c.id()).contains(fragment.replace("<dir>", work.toString()));
            }
        }));
    }

    @Test
    void docsListEveryCaseWithItsFragments() throws Exception {
        Map<String, Set<String>> documented = documentedCases();
        List<String> ids = cases().stream().map(Case::id).toList();

        assertThat(ids).as("case ids are unique").doesNotHaveDuplicates();
        assertThat(documented.keySet()).as("rows of docs/errors.md").containsExactlyInAnyOrderElementsOf(ids);
        for (Case c : cases()) {
            assertThat(documented.get(c.id())).as("message fragments of " + c.id() + " in docs/errors.md")
                    .containsAll(c.fragments());
        }
    }

    @Test
    void catalogueHasAtLeastFortyCases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void nanCellIsAcceptedWithMissingValueMarker() throws Exception {
        Path csv = Files.writeString(dir.resolve("nan-marked.csv"), csvWithValue("NaN", 72));

        Result r = run(train(dir.resolve("nan-marked"), "--data.path", csv.toString(), "--data.missing-marker", "NaN")
                .toArray(String[]::new));

        assertThat(r.status()).as(r.err()).isZero();
    }

    @Test
    void byteOrderMarkIsSkipped() throws Exception {
        byte[] text = csvWithValue("130", 72).getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        Path csv = Files.write(dir.resolve("bom.csv"), withBom);

        Result r = run(train(dir.resolve("bom"), "--data.path", csv.toString()).toArray(String[]::new));

        assertThat(r.status()).as(r.err()).isZero();
    }

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        configurationCases(all);
        modelFileCases(all);
        dataCases(all);
        textCases(all);
        outputCases(all);
        predictionCases(all);
        trainingCases(all);
        checkpointCases(all);
        return all;
    }

    private static void configurationCases(List<Case> all) {
        all.add(cli("config.unknown-keys", work -> {
            Path file = Files.writeString(work.resolve("typos.properties"), "model.hiden = 4\ntraining.epoch = 3\n");
            return new String[] {"train", "--config", file.toString()};
        }, "unknown configuration keys:", "'model.hiden' in file <dir>/typos.properties (did you mean 'model.hidden'?)",
                "'training.epoch' in file <dir>/typos.properties (did you mean 'training.epochs'?)"));
        all.add(cli("config.duplicate-key", work -> {
            Path file = Files.writeString(work.resolve("twice.properties"), "seed = 1\nseed = 2\n");
            return new String[] {"train", "--config", file.toString()};
        }, "configuration file <dir>/twice.properties sets seed (values '1' and '2') more than once"));
        all.add(cli("config.hexadecimal-number", work -> new String[] {"train", "--optimizer.lr", "0x1p-3"},
                "invalid value '0x1p-3' for key 'optimizer.lr' (from flag --optimizer.lr): expected a number"));
        all.add(cli("config.non-ascii-digit", work -> new String[] {"train", "--seed", "\uff17"},
                "invalid value '\uff17' for key 'seed' (from flag --seed): expected an integer"));
        all.add(cli("config.control-characters-in-value", work -> new String[] {"train", "--optimizer.lr",
            "fa\u001b[2Jst"}, "invalid value 'fa\\u001b[2Jst' for key 'optimizer.lr' (from flag --optimizer.lr):"
                + " expected a number"));
        all.add(cli("config.control-characters-in-key", work -> {
            Path file = Files.writeString(work.resolve("escape-key.properties"), "model.hid\u001b[31mden = 4\n");
            return new String[] {"train", "--config", file.toString()};
        }, "'model.hid\\u001b[31mden' in file <dir>/escape-key.properties"));
        all.add(cli("config.control-characters-in-option", work -> new String[] {"train", "--epochs\u0007", "3"},
                "Unknown options: '--epochs\\u0007', '3'"));
        all.add(cli("config.unknown-option", work -> new String[] {"train", "--epochz", "3"},
                "Unknown options: '--epochz', '3'"));
        all.add(cli("config.not-an-integer", work -> new String[] {"train", "--model.hidden", "zero"},
                "invalid value 'zero' for key 'model.hidden' (from flag --model.hidden): expected an integer >= 1 and"
                        + " <= 65536"));
        all.add(cli("config.integer-overflow", work -> new String[] {"train", "--model.hidden", "99999999999"},
                "invalid value '99999999999' for key 'model.hidden' (from flag --model.hidden): expected an integer"));
        all.add(cli("config.not-a-number", work -> new String[] {"train", "--optimizer.lr", "fast"},
                "invalid value 'fast' for key 'optimizer.lr' (from flag --optimizer.lr): expected a number > 0"));
        all.add(cli("config.not-a-boolean", work -> new String[] {"train", "--training.shuffle", "yes"},
                "invalid value 'yes' for key 'training.shuffle' (from flag --training.shuffle): expected true or false"));
        all.add(cli("config.negative-size", work -> new String[] {"train", "--training.batch-size", "-4"},
                "invalid value '-4' for key 'training.batch-size' (from flag --training.batch-size): expected a value"
                        + " >= 1"));
        all.add(cli("config.zero-layers", work -> new String[] {"train", "--model.layers", "0"},
                "invalid value '0' for key 'model.layers' (from flag --model.layers): expected a value >= 1 and <= 64"));
        all.add(cli("config.zero-learning-rate", work -> new String[] {"train", "--optimizer.lr", "0"},
                "invalid value '0' for key 'optimizer.lr' (from flag --optimizer.lr): expected a value > 0"));
        all.add(cli("config.nan-learning-rate", work -> new String[] {"train", "--optimizer.lr", "NaN"},
                "invalid value 'NaN' for key 'optimizer.lr' (from flag --optimizer.lr): expected a finite number"));
        all.add(cli("config.infinite-learning-rate", work -> new String[] {"train", "--optimizer.lr", "Infinity"},
                "invalid value 'Infinity' for key 'optimizer.lr' (from flag --optimizer.lr): expected a finite number"));
        all.add(cli("config.k2-above-k1", work -> train(work.resolve("out"), "--bptt.k1", "4", "--bptt.k2", "8")
                .toArray(String[]::new), "bptt.k2 = 8 exceeds bptt.k1 = 4"));
        all.add(cli("config.empty-value", work -> new String[] {"train", "--model.layers", " "},
                "empty value for key 'model.layers' (from flag --model.layers): expected int >= 1 and <= 64"));
        all.add(cli("config.unknown-cell", work -> train(work.resolve("out"), "--model.cell", "transformer")
                .toArray(String[]::new), "unknown cell type 'transformer' (key model.cell); registered cell types:"
                + " cifg-lstm, gru, lstm, peephole-lstm, rnn-relu, rnn-tanh"));
        all.add(cli("config.dropout-one", work -> train(work.resolve("out"), "--model.layers", "2", "--model.dropout",
                "1").toArray(String[]::new), "key model.dropout is 1.0, but it must be below 1 (1 would drop every"
                + " output)"));
        all.add(cli("config.dropout-negative", work -> new String[] {"train", "--model.dropout", "-0.1"},
                "invalid value '-0.1' for key 'model.dropout' (from flag --model.dropout): expected a value >= 0 and"
                + " <= 1"));
        all.add(cli("config.unknown-backend", work -> new String[] {"train", "--backend", "cuda"},
                "unknown backend 'cuda'", "available backends:"));
        all.add(cli("config.unknown-optimizer", work -> train(work.resolve("out"), "--optimizer.name", "lion")
                .toArray(String[]::new), "unknown optimizer 'lion' (key optimizer.name); available optimizers: adagrad,"
                + " adam, adamw, rmsprop, sgd"));
        all.add(cli("config.unknown-loss", work -> new String[] {"train", "--loss", "hinge"},
                "invalid value 'hinge' for key 'loss' (from flag --loss): expected one of mse, cross-entropy"));
        all.add(cli("config.unknown-schedule", work -> new String[] {"train", "--schedule.name", "linear"},
                "expected one of constant, step, exponential, cosine, plateau"));
        all.add(cli("config.missing-file", work -> new String[] {"train", "--config",
            work.resolve("none.properties").toString()}, "configuration file not found: <dir>/none.properties"));
        all.add(cli("config.file-is-directory", work -> new String[] {"train", "--config", work.toString()},
                "configuration path is not a regular file: <dir>"));
        all.add(cli("config.invalid-utf8", work -> {
            Path file = Files.write(work.resolve("latin1.properties"), new byte[] {'s', 'e', 'e', 'd', '=', (byte) 0xE9});
            return new String[] {"train", "--config", file.toString()};
        }, "configuration file <dir>/latin1.properties is not valid UTF-8 text"));
        all.add(cli("config.malformed-properties", work -> {
            Path file = Files.writeString(work.resolve("escape.properties"), "seed = \\u00G1\n");
            return new String[] {"train", "--config", file.toString()};
        }, "configuration file <dir>/escape.properties is not in properties format (key = value)"));
        all.add(cli("config.model-exceeds-heap", work -> new String[] {"train", "--model.hidden", "65536",
            "--model.layers", "64"}, "the model needs an estimated 31.8 TiB of heap", "Use a smaller model.hidden or"
                + " model.layers, or start java with -Xmx"));
    }

    private static void modelFileCases(List<Case> all) {
        all.add(cli("model.directory-missing", work -> evaluate(work.resolve("nothing")),
                "model directory not found: <dir>/nothing"));
        all.add(cli("model.path-is-a-file", work -> evaluate(copyModel(work).resolve("model.json")),
                "model path <dir>/model/model.json is a file, not a directory; give the model directory that contains"
                        + " model.json, here <dir>/model"));
        all.add(cli("model.missing-model-json", work -> {
            Path copy = copyModel(work);
            Files.delete(copy.resolve("model.json"));
            return evaluate(copy);
        }, "missing model.json in model directory <dir>/model"));
        all.add(cli("model.missing-weights", work -> {
            Path copy = copyModel(work);
            Files.delete(copy.resolve("weights.safetensors"));
            return evaluate(copy);
        }, "missing weights.safetensors in model directory <dir>/model (named by weights.file in model.json)"));
        all.add(cli("model.invalid-json", work -> {
            Path copy = copyModel(work);
            String json = Files.readString(copy.resolve("model.json"));
            Files.writeString(copy.resolve("model.json"), json.substring(0, json.length() / 2));
            return evaluate(copy);
        }, "<dir>/model/model.json is not valid JSON:"));
        all.add(cli("model.not-a-model-document", work -> evaluate(editDocument(work, "\"format\" : \"jlstm-model\"",
                "\"format\" : \"keras\"")), "is not a jLSTM model document (field \"format\" must be \"jlstm-model\")"));
        all.add(cli("model.future-format-version", work -> evaluate(editDocument(work, "\"format_version\" : 1",
                "\"format_version\" : 2")), "has format_version 2, but this jLSTM reads versions 1..1; upgrade jLSTM"));
        all.add(cli("model.size-out-of-range", work -> evaluate(editDocument(work, "\"hidden_size\" : 4",
                "\"hidden_size\" : 0")), "field \"architecture.hidden_size\" must be an integer in 1..1048576, but is 0"));
        all.add(cli("model.field-wrong-type", work -> evaluate(editDocument(work, "\"cell\" : \"lstm\"",
                "\"cell\" : 42")), "<dir>/model/model.json: field \"architecture.cell\" has the wrong type: expected a"
                + " string, got a number (42)"));
        all.add(cli("model.preprocessing-field-wrong-type", work -> evaluate(editDocument(work,
                "\"kind\" : \"standard\"", "\"kind\" : [ \"standard\" ]")), "<dir>/model/model.json: field"
                + " \"preprocessing.scaler.kind\" has the wrong type: expected a string, got an array"
                + " ([\"standard\"])"));
        all.add(cli("model.unknown-cell", work -> evaluate(editDocument(work, "\"cell\" : \"lstm\"",
                "\"cell\" : \"transformer\"")), "invalid architecture: unknown cell type 'transformer'"));
        all.add(cli("model.weights-outside-directory", work -> evaluate(editDocument(work,
                "\"file\" : \"weights.safetensors\"", "\"file\" : \"../elsewhere.safetensors\"")),
                "field \"weights.file\" '../elsewhere.safetensors' points outside <dir>/model"));
        all.add(cli("model.weights-absolute-path", work -> evaluate(editDocument(work,
                "\"file\" : \"weights.safetensors\"", "\"file\" : \"/etc/passwd\"")),
                "field \"weights.file\" '/etc/passwd' is an absolute path"));
        all.add(cli("model.weights-link-outside", work -> {
            Path copy = copyModel(work);
            Path outside = Files.copy(copy.resolve("weights.safetensors"), work.resolve("elsewhere.safetensors"));
            Files.delete(copy.resolve("weights.safetensors"));
            Files.createSymbolicLink(copy.resolve("weights.safetensors"), outside);
            return evaluate(copy);
        }, "'weights.safetensors' is a link to <dir>/elsewhere.safetensors, outside <dir>/model"));
        all.add(cli("model.document-link-outside", work -> {
            Path copy = copyModel(work);
            Path outside = Files.copy(copy.resolve("model.json"), work.resolve("elsewhere.json"));
            Files.delete(copy.resolve("model.json"));
            Files.createSymbolicLink(copy.resolve("model.json"), outside);
            return evaluate(copy);
        }, "file 'model.json' is a link to <dir>/elsewhere.json, outside <dir>/model"));
        all.add(cli("model.checksum-mismatch", work -> {
            Path copy = copyModel(work);
            byte[] weights = Files.readAllBytes(copy.resolve("weights.safetensors"));
            weights[weights.length - 1] ^= 1;
            Files.write(copy.resolve("weights.safetensors"), weights);
            return evaluate(copy);
        }, "does not match the SHA-256 recorded in <dir>/model/model.json", "the file was changed or corrupted, or a"
                + " save was interrupted"));
        all.add(cli("model.architecture-mismatch", work -> evaluate(editDocument(work, "\"hidden_size\" : 4",
                "\"hidden_size\" : 5")), "has 166 parameter values, but <dir>/model/weights.safetensors holds 117; the"
                + " document and the weights do not belong together"));
        all.add(cli("model.shape-mismatch", work -> {
            Path copy = copyModel(work);
            Map<String, TensorData> tensors = weights(copy);
            TensorData head = tensors.get("head.weight");
            tensors.put("head.weight", new TensorData(new long[] {head.shape()[1], head.shape()[0]}, head.data()));
            replaceWeights(copy, Safetensors.toBytes(tensors, Map.of()));
            return evaluate(copy);
        }, "tensor 'head.weight' has shape [4, 1], but the architecture needs [1, 4]"));
        all.add(cli("model.unknown-tensor", work -> {
            Path copy = copyModel(work);
            Map<String, TensorData> tensors = weights(copy);
            tensors.put("head.scale", tensors.remove("head.bias"));
            replaceWeights(copy, Safetensors.toBytes(tensors, Map.of()));
            return evaluate(copy);
        }, "tensor 'head.scale' is not a parameter of the model"));
        all.add(cli("model.truncated-weights", work -> {
            Path copy = copyModel(work);
            byte[] weights = Files.readAllBytes(copy.resolve("weights.safetensors"));
            replaceWeights(copy, java.util.Arrays.copyOf(weights, weights.length - 16));
            return evaluate(copy);
        }, "tensor 'head.weight' has data_offsets [896, 928] outside the data section of 920 bytes; the file"
                + " is truncated or its header is corrupted"));
        all.add(cli("model.header-length-beyond-file", work -> {
            Path copy = copyModel(work);
            byte[] weights = Files.readAllBytes(copy.resolve("weights.safetensors"));
            ByteBuffer.wrap(weights).order(ByteOrder.LITTLE_ENDIAN).putLong(0, weights.length);
            replaceWeights(copy, weights);
            return evaluate(copy);
        }, "header length 1408 is invalid; it must be at least 2, at most 100000000 and fit in the file's remaining"
                + " 1400 bytes (file truncated or not safetensors?)"));
        all.add(cli("model.bit-flip-in-header", work -> {
            Path copy = copyModel(work);
            byte[] weights = Files.readAllBytes(copy.resolve("weights.safetensors"));
            weights[8] ^= 0x40;
            replaceWeights(copy, weights);
            return evaluate(copy);
        }, "<dir>/model/weights.safetensors: header is not well-formed JSON:"));
        all.add(cli("model.other-task", work -> evaluate(editDocument(work, "\"task\" : \"forecast\"",
                "\"task\" : \"weather\"")), "unknown task 'weather' (field task of <dir>/model/model.json); available tasks: forecast"));
        all.add(cli("model.recorded-data-changed", work -> {
            Path csv = Files.writeString(work.resolve("series.csv"), csvWithValue("130", 72));
            Path trained = work.resolve("trained");
            Result r = run(train(trained, "--data.path", csv.toString()).toArray(String[]::new));
            assertThat(r.status()).as(r.err()).isZero();
            Files.writeString(csv, csvWithValue("131", 72));
            return evaluate(trained);
        }, "the recorded data file <dir>/series.csv differs from the file the model was trained on (its SHA-256 does"
                + " not match data.sha256); pass the data file with --data to evaluate on it anyway"));
        all.add(cli("model.holdout-beyond-series", work -> evaluate(editDocument(work, "\"holdout\" : 24",
                "\"holdout\" : 1000000000")), "the model's hold-out of 1000000000 values does not fit the 144 values"
                + " of the series"));
        all.add(cli("model.builtin-path-outside", work -> evaluate(editDocument(work,
                "\"path\" : \"builtin:data/airline-passengers.csv\"", "\"path\" : \"builtin:../../pom.xml\"")),
                "built-in file 'builtin:../../pom.xml' points outside the built-in examples"));
    }

    private static void dataCases(List<Case> all) {
        all.add(cli("data.missing-file", work -> trainOn(work, work.resolve("nope.csv")),
                "data file not found: <dir>/nope.csv; check data.path or --data"));
        all.add(cli("data.directory", work -> trainOn(work, work), "data path is not a regular file: <dir>"));
        all.add(cli("data.empty-file", work -> trainOn(work, Files.writeString(work.resolve("empty.csv"), "")),
                "<dir>/empty.csv: the file is empty; expected a header line with column names"));
        all.add(cli("data.header-only", work -> trainOn(work, Files.writeString(work.resolve("header.csv"),
                "Date,Count\n")), "<dir>/header.csv, line 1: the header is the last line; expected at least one data row"));
        all.add(cli("data.ragged-row", work -> trainOn(work, Files.writeString(work.resolve("ragged.csv"),
                "Date,Count\n1949-01,112\n1949-02,118,7\n")), "<dir>/ragged.csv, line 3: found 3 cells in"
                + " '1949-02,118,7', expected 2 as in the header (Date,Count)"));
        all.add(cli("data.non-numeric-cell", work -> trainOn(work, Files.writeString(work.resolve("text.csv"),
                "Date,Count\n1949-01,112\n1949-02,n/a\n")), "<dir>/text.csv, line 3: invalid value 'n/a' in column"
                + " 'Count': expected a finite number"));
        all.add(cli("data.nan-cell", work -> trainOn(work, Files.writeString(work.resolve("nan.csv"),
                csvWithValue("NaN", 72))), "<dir>/nan.csv, line 31: invalid value 'NaN' in column 'Count': expected a"
                + " finite number; set data.missing-marker = NaN to treat such cells as missing"));
        all.add(cli("data.blank-line", work -> trainOn(work, Files.writeString(work.resolve("gap.csv"),
                csvWithValue("130", 72).replace("\n2002-06,", "\n\n2002-06,"))), "<dir>/gap.csv, line 31: blank line"
                + " between data rows"));
        all.add(cli("data.control-characters-in-cell", work -> trainOn(work, Files.writeString(work.resolve("esc.csv"),
                csvWithValue("12\u001b[31m0\u009b0m", 72))), "<dir>/esc.csv, line 31: invalid value"
                + " '12\\u001b[31m0\\u009b0m' in column 'Count'"));
        all.add(cli("data.type-suffix", work -> trainOn(work, Files.writeString(work.resolve("suffix.csv"),
                csvWithValue("120d", 72))), "<dir>/suffix.csv, line 31: invalid value '120d' in column 'Count':"
                + " expected a finite number"));
        all.add(cli("data.infinite-cell", work -> trainOn(work, Files.writeString(work.resolve("inf.csv"),
                csvWithValue("Infinity", 72))), "<dir>/inf.csv, line 31: invalid value 'Infinity' in column 'Count'"));
        all.add(cli("data.unterminated-quote", work -> trainOn(work, Files.writeString(work.resolve("quote.csv"),
                "Date,Count\n\"1949-01,112\n")), "<dir>/quote.csv, line 2: unterminated quote"));
        all.add(cli("data.missing-column", work -> train(work.resolve("out"), "--data.column", "Passengers")
                .toArray(String[]::new), "line 1: no column 'Passengers' (key data.column) in the header; columns:"
                + " Date, Count"));
        all.add(cli("data.invalid-utf8", work -> trainOn(work, Files.write(work.resolve("latin1.csv"),
                "Date,Count\n1949-01,11\u00e92\n".getBytes(StandardCharsets.ISO_8859_1))),
                "<dir>/latin1.csv: not valid UTF-8 text; expected a CSV file"));
        all.add(cli("data.shorter-than-window", work -> trainOn(work, Files.writeString(work.resolve("short.csv"),
                csvWithValue("130", 20))), "<dir>/short.csv: column 'Count' has 20 values, but data.holdout = 24,"
                + " transform lag 12 and data.window = 24 need at least 61; use a shorter window or hold-out"));
        all.add(api("data.tensor-non-finite", work -> {
            TensorData input = new TensorData(new long[] {2, 1, 1}, new double[] {1, Double.NaN});
            TensorDataFile.of(Map.of("input", input), false, "series.safetensors");
        }, io.jlstm.training.io.SafetensorsException.class, "series.safetensors: tensor 'input' contains NaN at"
                + " [t=1, b=0, feature=0]; every value must be finite"));
        all.add(api("data.tensor-missing-target", work -> {
            TensorData input = new TensorData(new long[] {2, 1, 1}, new double[] {1, 2});
            TensorDataFile.of(Map.of("input", input), true, "series.safetensors");
        }, io.jlstm.training.io.SafetensorsException.class, "series.safetensors: missing tensor 'target' of shape"
                + " [T, B, O]; training needs a target for every input step"));
    }

    private static void outputCases(List<Case> all) {
        all.add(cli("output.dir-is-a-file", work -> train(Files.writeString(work.resolve("taken"), "keep me"))
                .toArray(String[]::new), "for key 'output.dir': <dir>/taken exists and is not a directory;"
                + " choose another output directory"));
        all.add(cli("output.file-is-a-directory", work -> new String[] {"predict", "--model", model.toString(),
            "--data", Path.of("../examples/data/airline-passengers.csv").toAbsolutePath().toString(), "--output",
            Files.createDirectories(work.resolve("folder")).toString()}, "cannot use <dir>/folder: is a directory,"
                + " but a file path is expected"));
        all.add(cli("output.import-over-model", work -> new String[] {"import-pytorch", "--weights",
            model.resolve("weights.safetensors").toString(), "--out", copyModel(work).toString()},
                "output directory <dir>/model already exists and is not empty; pass --force to replace the model in"
                        + " it, or choose another --out"));
        all.add(cli("output.train-over-model", work -> {
            Path copy = copyModel(work);
            Path data = Files.writeString(work.resolve("train.safetensors"), "never read");
            return new String[] {"train", "--model", copy.toString(), "--data", data.toString(), "--out",
                copy.toString()};
        }, "output directory <dir>/model already exists and is not empty; pass --force to replace the model in it,"
                + " or choose another --out"));
    }

    private static void predictionCases(List<Case> all) {
        all.add(cli("predict.horizon-too-large", work -> predict(model, "--horizon", "1000000"),
                "invalid value '1000000' for option '--horizon': the maximum horizon is 10000 steps; give --horizon"
                        + " 10000 or less"));
        all.add(cli("predict.series-too-short", work -> {
            Path csv = Files.writeString(work.resolve("short.csv"), csvWithValue("130", 20));
            return new String[] {"predict", "--model", model.toString(), "--backend", "scalar", "--data",
                csv.toString()};
        }, "<dir>/short.csv: column 'Count' has 20 values, but a prediction needs at least 36 (window 24 plus"
                + " transform lag 12); give a longer series"));
        all.add(cliStatus("predict.one-step-overflow", ExitCodes.FAILED, work -> predict(editScaler(work, 1000),
                "--horizon", "1"), "the prediction of t = 36 is Infinity although its history is finite"));
        all.add(cliStatus("predict.forecast-overflow", ExitCodes.FAILED, work -> predict(editScaler(work, 50),
                "--horizon", "1000"), "forecast step 169 of 1000 (t = 312) is Infinity: each forecast is fed back as"
                + " history, and the values grew beyond the range of a double; use a horizon of at most 168"));
    }

    /** Arguments of {@code jlstm predict} of {@code modelDir} on the airline series. */
    private static String[] predict(Path modelDir, String... more) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", modelDir.toString(), "--backend", "scalar",
                "--data", Path.of("../examples/data/airline-passengers.csv").toAbsolutePath().toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * Copies the model with its scaler set to offset {@code offset} and a tiny scale, so that every
     * prediction is {@code offset} in transformed units: the log of the year-on-year growth factor.
     */
    private static Path editScaler(Path work, double offset) throws Exception {
        Path copy = copyModel(work);
        Path json = copy.resolve("model.json");
        String text = Files.readString(json);
        String edited = text.replaceFirst("\"offset\" : [-0-9.eE]+", "\"offset\" : " + offset)
                .replaceFirst("\"scale\" : [-0-9.eE]+", "\"scale\" : 1.0E-30");
        assertThat(edited).as("scaler of " + json).contains("\"offset\" : " + offset).contains("1.0E-30");
        Files.writeString(json, edited);
        return copy;
    }

    private static void textCases(List<Case> all) {
        all.add(cli("text.invalid-utf8", work -> trainText(work, Files.write(work.resolve("latin1.txt"),
                "abc\u00e9def\n".getBytes(StandardCharsets.ISO_8859_1))), "latin1.txt is not valid UTF-8: invalid"
                + " byte sequence 0xE9 at byte offset 3 (line 1); convert the file to UTF-8"));
        all.add(cli("text.empty-file", work -> trainText(work, Files.writeString(work.resolve("empty.txt"), "")),
                "empty.txt is empty; a corpus needs text to train on"));
        all.add(cli("sample.prime-not-in-vocabulary", work -> new String[] {"sample", "--model",
            textModel(work).toString(), "--prime", "tZ", "--length", "3"}, "--prime contains the character 'Z'"
                + " (U+005A) at position 2, which is not in the model's vocabulary"));
        all.add(cli("sample.zero-temperature", work -> new String[] {"sample", "--model", textModel(work).toString(),
            "--temperature", "0"}, "invalid value 0.0 for option '--temperature': expected a finite number > 0"));
    }

    /** Arguments of a tiny character-model run on {@code text}. */
    private static String[] trainText(Path work, Path text) {
        return new String[] {"train", "--config", "text-shakespeare", "--backend", "scalar", "--data.path",
            text.toString(), "--model.hidden", "4", "--training.epochs", "1", "--text.window", "8",
            "--text.epoch-windows", "8", "--output.progress", "none", "--output.charts", "false", "--output.dir",
            work.resolve("out").toString()};
    }

    /** Trains a tiny character model in {@code work} and returns its directory. */
    private static Path textModel(Path work) throws Exception {
        Path text = Files.writeString(work.resolve("corpus.txt"), "to be or not to be, that is the question\n".repeat(20));
        String[] args = trainText(work, text);
        Result r = run(args);
        assertThat(r.status()).as(r.err()).isZero();
        return work.resolve("out");
    }

    private static void trainingCases(List<Case> all) {
        all.add(cliStatus("training.diverged", ExitCodes.FAILED, work -> new String[] {"train", "--backend", "scalar",
            "--optimizer.lr", "1e6", "--training.epochs", "5", "--output.progress", "none", "--output.dir",
            work.resolve("out").toString()}, "training stopped before update", "Lower optimizer.lr, set clip.norm, or"
                + " set training.allow-non-finite = true to skip such updates", "no model was saved"));
        all.add(api("training.exceeds-heap", work -> {
            JlstmConfig config = JlstmConfig.builder().set("backend", "scalar").set("model.hidden", "64")
                    .set("training.batch-size", "4").build();
            Trainer trainer = Jlstm.injector(config).getInstance(Trainer.class);
            trainer.fit(longSequences(4, 2_000_000), null);
        }, io.jlstm.training.memory.InsufficientHeapException.class, "training needs an estimated",
                "activations kept for BPTT 34.6 GiB (2000000 steps x 4 sequences, 1 recurrent layer)",
                "truncated BPTT with bptt.k1 ="));
        all.add(cli("training.truncated-bptt-bidirectional", work -> train(work.resolve("out"), "--bptt.k1", "4",
                "--model.bidirectional", "true").toArray(String[]::new), "cannot train a bidirectional layer on 24"
                + " steps, because its reverse direction needs the whole sequence; set bptt.k1 = 0 for full BPTT, or"
                + " model.bidirectional = false"));
        all.add(cli("training.truncated-bptt-many-to-one", work -> train(work.resolve("out"), "--bptt.k1", "4",
                "--model.head", "many-to-one").toArray(String[]::new), "truncated BPTT needs a prediction at every"
                + " step, but the model's head is many-to-one; set bptt.k1 = 0 for full BPTT, or model.head ="
                + " many-to-many"));
    }

    private static void checkpointCases(List<Case> all) {
        all.add(cli("checkpoint.resume-without-directory", work -> train(work.resolve("out"), "--resume")
                .toArray(String[]::new), "checkpoint.resume = true needs checkpoint.dir"));
        all.add(cli("checkpoint.resume-missing", work -> train(work.resolve("out"), "--resume", "--checkpoint.dir",
                work.resolve("none").toString()).toArray(String[]::new), "no checkpoint to resume from:"
                + " <dir>/none/checkpoint.safetensors does not exist; start a new run without --resume"));
        all.add(cli("checkpoint.resume-corrupt", work -> {
            Path checkpoints = Files.createDirectories(work.resolve("checkpoints"));
            Files.writeString(checkpoints.resolve("checkpoint.safetensors"), "not a checkpoint");
            return train(work.resolve("out"), "--resume", "--checkpoint.dir", checkpoints.toString())
                    .toArray(String[]::new);
        }, "<dir>/checkpoints/checkpoint.safetensors: header length", "(file truncated or not safetensors?)"));
        all.add(cli("checkpoint.resume-other-seed", work -> {
            Path checkpoints = work.resolve("checkpoints");
            Result first = run(train(work.resolve("first"), "--checkpoint.dir", checkpoints.toString())
                    .toArray(String[]::new));
            assertThat(first.status()).as(first.err()).isZero();
            return train(work.resolve("out"), "--resume", "--checkpoint.dir", checkpoints.toString(), "--seed", "7")
                    .toArray(String[]::new);
        }, "the checkpoint was written with seed 42, but this run has seed 7; set seed = 42 to resume it"));
        all.add(cli("checkpoint.resume-other-optimizer", work -> {
            Path checkpoints = work.resolve("checkpoints");
            Result first = run(train(work.resolve("first"), "--checkpoint.dir", checkpoints.toString())
                    .toArray(String[]::new));
            assertThat(first.status()).as(first.err()).isZero();
            return train(work.resolve("out"), "--resume", "--checkpoint.dir", checkpoints.toString(),
                    "--optimizer.name", "adam").toArray(String[]::new);
        }, "cannot resume from the checkpoint: optimizer state was saved by 'sgd' and cannot be loaded into 'adam';"
                + " configure optimizer.name = sgd"));
        all.add(cli("checkpoint.resume-other-model", work -> {
            Path checkpoints = work.resolve("checkpoints");
            Result first = run(train(work.resolve("first"), "--checkpoint.dir", checkpoints.toString())
                    .toArray(String[]::new));
            assertThat(first.status()).as(first.err()).isZero();
            return train(work.resolve("out"), "--resume", "--checkpoint.dir", checkpoints.toString(),
                    "--model.layers", "2").toArray(String[]::new);
        }, "cannot resume from the checkpoint: checkpoint has no values for parameter 'lstm.weight_ih_l1'"));
    }

    private static Case cli(String id, CommandArgs args, String... fragments) {
        return cliStatus(id, ExitCodes.BAD_INPUT, args, fragments);
    }

    /** Returns a case run through the command, checking the status, one line on standard error and no stack trace. */
    private static Case cliStatus(String id, int status, CommandArgs args, String... fragments) {
        return new Case(id, List.of(fragments), work -> {
            Result r = run(args.create(work));
            assertThat(r.status()).as(id + ": " + r.err()).isEqualTo(status);
            assertThat(r.err().lines().count()).as(id + " prints one line: " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(id).doesNotContain("Exception", "\tat ");
            assertThat(r.err().strip().chars().filter(Character::isISOControl).toArray())
                    .as(id + ": control characters on standard error").isEmpty();
            return r.err();
        });
    }

    /** Returns a case of the library API, checking the exception type and its message. */
    private static Case api(String id, ThrowingAction action, Class<? extends Throwable> type, String... fragments) {
        return new Case(id, List.of(fragments), work -> {
            try {
                action.run(work);
            } catch (Throwable t) {
                assertThat(t).as(id).isInstanceOf(type);
                return t.getMessage();
            }
            throw new AssertionError(id + ": expected " + type.getName());
        });
    }

    interface CommandArgs {
        String[] create(Path work) throws Exception;
    }

    interface ThrowingAction {
        void run(Path work) throws Exception;
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = JlstmCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Arguments of a tiny airline run: two epochs of a 4-unit LSTM on the scalar backend, no charts. */
    static List<String> train(Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--config", "airline", "--backend", "scalar",
                "--training.epochs", "2", "--model.hidden", "4", "--output.progress", "none", "--output.charts", "false",
                "--output.dir", output.toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static String[] trainOn(Path work, Path csv) {
        return train(work.resolve("out"), "--data.path", csv.toString()).toArray(String[]::new);
    }

    private static String[] evaluate(Path modelDir) {
        return new String[] {"evaluate", "--model", modelDir.toString(), "--backend", "scalar"};
    }

    /** Returns CSV text with header {@code Date,Count} and {@code rows} values, row 30 (line 31) being {@code value}. */
    private static String csvWithValue(String value, int rows) {
        StringBuilder csv = new StringBuilder("Date,Count\n");
        for (int k = 0; k < rows; k++) {
            csv.append(2000 + k / 12).append('-').append(String.format("%02d", k % 12 + 1)).append(',')
                    .append(k == 29 ? value : Integer.toString(100 + k % 12 * 3 + k)).append('\n');
        }
        return csv.toString();
    }

    private static Path copyModel(Path work) throws Exception {
        Path copy = Files.createDirectories(work.resolve("model"));
        for (String name : List.of("model.json", "weights.safetensors")) {
            Files.copy(model.resolve(name), copy.resolve(name));
        }
        return copy;
    }

    private static Path editDocument(Path work, String from, String to) throws Exception {
        Path copy = copyModel(work);
        Path json = copy.resolve("model.json");
        String text = Files.readString(json);
        assertThat(text).contains(from);
        Files.writeString(json, text.replace(from, to));
        return copy;
    }

    private static Map<String, TensorData> weights(Path modelDir) throws Exception {
        SafetensorsFile file = Safetensors.read(modelDir.resolve("weights.safetensors"));
        return new LinkedHashMap<>(file.tensors());
    }

    /** Writes new weights and records their SHA-256, as a tool that rewrites both files would. */
    private static void replaceWeights(Path modelDir, byte[] bytes) throws Exception {
        Path json = modelDir.resolve("model.json");
        String oldSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(modelDir.resolve("weights.safetensors"))));
        String newSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        String text = Files.readString(json);
        assertThat(text).contains(oldSha);
        Files.writeString(json, text.replace(oldSha, newSha));
        Files.write(modelDir.resolve("weights.safetensors"), bytes);
    }

    private static SequenceDataset longSequences(int size, int steps) {
        return new SequenceDataset() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int steps() {
                return steps;
            }

            @Override
            public int inputSize() {
                return 1;
            }

            @Override
            public int targetSize() {
                return 1;
            }

            @Override
            public void sample(int index, double[] input, double[] target) {
                throw new IllegalStateException("the memory check should reject the run before sampling");
            }
        };
    }

    /** Rows of docs/errors.md: case id to the code spans of its message column. */
    private static Map<String, Set<String>> documentedCases() throws Exception {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = DOC_ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String[] columns = row.group(2).split("(?<!\\\\)\\|");
            assertThat(columns.length).as("columns of row " + row.group(1)).isGreaterThanOrEqualTo(3);
            Set<String> fragments = new LinkedHashSet<>();
            Matcher code = CODE.matcher(columns[1]);
            while (code.find()) {
                fragments.add(code.group(1).replace("\\|", "|"));
            }
            assertThat(rows.put(row.group(1), fragments)).as("duplicate row " + row.group(1)).isNull();
        }
        return rows;
    }
}
