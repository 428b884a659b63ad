package io.jlstm.examples.text;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.io.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Generates text from a character-level model one character at a time. The sampler is stateful:
 * it carries every layer's {@code h} and {@code c} from one character to the next, so feeding a
 * text in one call or character by character gives the same state.
 *
 * <p>Not thread-safe: one sampler per thread.
 */
public final class CharSampler {

    private final SequenceModel model;
    private final Vocabulary vocabulary;
    private final Backend backend;

    private Tensor[][] states;
    private double[] logits;

    /**
     * Wraps a model whose input and output size are the vocabulary size.
     *
     * @throws IllegalArgumentException if the sizes differ
     */
    public CharSampler(SequenceModel model, Vocabulary vocabulary) {
        if (model.inputSize() != vocabulary.size() || model.outputSize() != vocabulary.size()) {
            throw new IllegalArgumentException("a character model needs input and output size equal to the vocabulary"
                    + " size " + vocabulary.size() + ", but has " + model.inputSize() + " and " + model.outputSize());
        }
        this.model = model;
        this.vocabulary = vocabulary;
        this.backend = model.backend();
    }

    /**
     * Loads a model directory written by {@link CharModelTraining} onto {@code backend}.
     *
     * @throws io.jlstm.training.io.ModelFileException if the directory is not a valid character model
     */
    public static CharSampler load(Path dir, Backend backend) throws IOException {
        ModelDirectory.Loaded loaded = ModelDirectory.load(dir, backend);
        Path file = dir.resolve(ModelDirectory.MODEL_FILE);
        Vocabulary vocabulary = Vocabulary.fromJson(loaded.document().get(Vocabulary.SECTION), file);
        if (loaded.spec().inputSize() != vocabulary.size() || loaded.spec().outputSize() != vocabulary.size()) {
            throw new io.jlstm.training.io.ModelFileException(file + ": the vocabulary has " + vocabulary.size()
                    + " characters, but the architecture has input size " + loaded.spec().inputSize()
                    + " and output size " + loaded.spec().outputSize() + "; both must equal the vocabulary size");
        }
        return new CharSampler(loaded.model(), vocabulary);
    }

    /** The model's vocabulary. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Forgets all fed characters: zero state, no prediction. */
    public void reset() {
        states = null;
        logits = null;
    }

    /**
     * Feeds {@code text} through the model in one pass of {@code T = length} steps, continuing from
     * the current state.
     *
     * @param what what the text is, for the error message, such as {@code --prime}
     * @throws CorpusException naming the first character outside the vocabulary and its position
     */
    public void feed(String text, String what) {
        int[] indices = vocabulary.encode(text, what);
        if (indices.length > 0) {
            feed(indices);
        }
    }

    /**
     * Feeds class indices through the model, continuing from the current state.
     *
     * @throws IllegalArgumentException if {@code indices} is empty or contains an index outside the vocabulary
     */
    public void feed(int... indices) {
        int v = vocabulary.size();
        if (indices.length == 0) {
            throw new IllegalArgumentException("nothing to feed: the index array is empty");
        }
        double[] oneHot = new double[indices.length * v];
        for (int t = 0; t < indices.length; t++) {
            if (indices[t] < 0 || indices[t] >= v) {
                throw new IllegalArgumentException("character index " + indices[t] + " at position " + t
                        + " is outside 0.." + (v - 1));
            }
            oneHot[t * v + indices[t]] = 1.0;
        }

        SequenceModel.Pass pass = model.forward(backend.fromArray(indices.length, v, oneHot), 1, states);
        states = pass.finalStates();

        double[] predictions = pass.predictions().toArray();
        logits = new double[v];
        System.arraycopy(predictions, (indices.length - 1) * v, logits, 0, v);
    }

    /**
     * The distribution of the next character, {@code softmax(logits / temperature)}.
     *
     * @throws IllegalStateException if nothing was fed since the last reset
     * @throws IllegalArgumentException if {@code temperature} is not a positive finite number
     */
    public double[] probabilities(double temperature) {
        checkTemperature(temperature);
        if (logits == null) {
            throw new IllegalStateException("feed at least one character before asking for the next one");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0.0;
        for (int k = 0; k < p.length; k++) {
            // Subtracting the maximum first keeps exp() finite even for a tiny temperature.
            p[k] = Math.exp((logits[k] - max) / temperature);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** Draws the next character at {@code temperature}, feeds it and returns its class index. */
    public int next(double temperature, SplittableRandom random) {
        double[] p = probabilities(temperature);
        double u = random.nextDouble();
        int chosen = p.length - 1;
        double cumulative = 0.0;
        for (int k = 0; k < p.length; k++) {
            cumulative += p[k];
            if (u < cumulative) {
                chosen = k;
                break;
            }
        }
        feed(chosen);
        return chosen;
    }

    /**
     * Starts from the zero state, feeds {@code prime} and returns {@code length} generated
     * characters (the prime not included).
     *
     * @param prime text to condition on; when empty, a newline is fed if the vocabulary has one,
     *     otherwise its first character
     * @throws CorpusException if {@code prime} contains a character outside the vocabulary
     * @throws IllegalArgumentException if {@code length} is negative or {@code temperature} is not
     *     a positive finite number
     */
    public String generate(String prime, int length, double temperature, long seed) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0 characters, but is " + length);
        }
        checkTemperature(temperature);

        reset();
        if (prime.isEmpty()) {
            int newline = vocabulary.indexOf('\n');
            feed(newline >= 0 ? newline : 0);
        } else {
            feed(prime, "--prime");
        }

        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(length);
        for (int k = 0; k < length; k++) {
            text.appendCodePoint(vocabulary.codePoint(next(temperature, random)));
        }
        return text.toString();
    }

    private static void checkTemperature(double temperature) {
        if (!(temperature > 0.0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number > 0, but is " + temperature
                    + "; use values below 1 for more conservative text and above 1 for more varied text");
        }
    }
}
