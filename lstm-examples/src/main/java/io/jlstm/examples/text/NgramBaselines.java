package io.jlstm.examples.text;

/**
 * Unigram and bigram models of the training text, scored on exactly the characters a
 * {@link CharWindows} set predicts, so their cross-entropy is comparable with a model's validation
 * loss. Both use add-one (Laplace) smoothing, so an unseen pair still gets a finite loss.
 *
 * @param unigram mean cross-entropy of {@code P(c) = (count(c) + 1) / (N + V)}, in nats per character
 * @param bigram mean cross-entropy of {@code P(c | p) = (count(p c) + 1) / (count(p .) + V)}, in nats
 *     per character, where {@code p} is the character before {@code c}
 */
public record NgramBaselines(double unigram, double bigram) {

    /**
     * Fits both models on {@code training} and scores them on every target of {@code validation}.
     *
     * @param training class indices of the training text in {@code 0 .. V-1}; entries of -1 (unknown
     *     characters) are not counted
     */
    public static NgramBaselines score(int[] training, int vocabularySize, CharWindows validation) {
        int v = vocabularySize;
        long[] counts = new long[v];
        long[] pairCounts = new long[v * v];
        long[] followerCounts = new long[v];
        long known = 0;
        for (int k = 0; k < training.length; k++) {
            if (training[k] < 0) {
                continue;
            }
            counts[training[k]]++;
            known++;
            if (k + 1 < training.length && training[k + 1] >= 0) {
                pairCounts[training[k] * v + training[k + 1]]++;
                followerCounts[training[k]]++;
            }
        }

        double unigramSum = 0.0;
        double bigramSum = 0.0;
        for (int n = 0; n < validation.size(); n++) {
            int s = validation.start(n);
            for (int t = 0; t < validation.steps(); t++) {
                int previous = validation.code(s + t);
                int next = validation.code(s + t + 1);
                unigramSum -= Math.log((counts[next] + 1.0) / (known + (double) v));
                bigramSum -= Math.log((pairCounts[previous * v + next] + 1.0) / (followerCounts[previous] + (double) v));
            }
        }
        double predicted = validation.predictedCharacters();
        return new NgramBaselines(unigramSum / predicted, bigramSum / predicted);
    }
}
