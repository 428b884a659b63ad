package io.jlstm.examples.text;

import io.jlstm.training.Plural;

/**
 * A text split by position into a training part (the start) and a validation part (the end), both
 * encoded with a vocabulary built from the training part only.
 *
 * @param training class indices of the training part; all known when the vocabulary was built from it
 * @param validation class indices of the validation part, -1 where a character does not occur in
 *     the training part
 * @param unknownInValidation number of -1 entries in {@code validation}
 */
public record CharCorpus(Vocabulary vocabulary, int[] training, int[] validation, int unknownInValidation) {

    /**
     * Splits {@code text} after {@code floor(n * (1 - validationFraction))} of its {@code n}
     * characters (code points) and encodes both parts.
     *
     * @param source the file name, for error messages
     * @throws CorpusException if either part would be empty
     * @throws IllegalArgumentException if {@code validationFraction} is not in {@code (0, 1)}
     */
    public static CharCorpus split(String text, double validationFraction, String source) {
        int[] codePoints = text.codePoints().toArray();
        int split = splitPoint(codePoints.length, validationFraction, source);
        Vocabulary vocabulary = Vocabulary.of(new String(codePoints, 0, split));
        return encode(codePoints, split, vocabulary);
    }

    /**
     * Splits {@code text} like {@link #split(String, double, String)} but encodes both parts with a
     * given vocabulary, as evaluating a saved model on a text does; characters outside it become -1
     * in either part.
     *
     * @throws CorpusException if either part would be empty
     */
    public static CharCorpus split(String text, double validationFraction, String source, Vocabulary vocabulary) {
        int[] codePoints = text.codePoints().toArray();
        int split = splitPoint(codePoints.length, validationFraction, source);
        return encode(codePoints, split, vocabulary);
    }

    private static int splitPoint(int n, double validationFraction, String source) {
        if (!(validationFraction > 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), but is " + validationFraction);
        }
        int split = (int) Math.floor(n * (1.0 - validationFraction));
        if (split < 1 || split >= n) {
            throw new CorpusException("text file " + source + " has " + Plural.count(n, "character") + ", too few to"
                    + " hold out a fraction of " + validationFraction + " for validation and train on the rest; use a"
                    + " longer text");
        }
        return split;
    }

    private static CharCorpus encode(int[] codePoints, int split, Vocabulary vocabulary) {
        int n = codePoints.length;
        int[] training = new int[split];
        for (int k = 0; k < split; k++) {
            training[k] = vocabulary.indexOf(codePoints[k]);
        }
        int[] validation = new int[n - split];
        int unknown = 0;
        for (int k = split; k < n; k++) {
            validation[k - split] = vocabulary.indexOf(codePoints[k]);
            if (validation[k - split] < 0) {
                unknown++;
            }
        }
        return new CharCorpus(vocabulary, training, validation, unknown);
    }
}
