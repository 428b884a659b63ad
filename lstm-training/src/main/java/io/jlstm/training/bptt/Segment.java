package io.jlstm.training.bptt;

import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.data.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One segment of truncated BPTT: the time steps {@code start .. start+steps-1} of the samples
 * that have valid steps there. In a right-padded batch the samples that ended before
 * {@code start} are left out, because a segment cannot contain an all-padding sample, and the
 * segment is cut after the last valid step of the others.
 */
final class Segment {

    private final int start;
    private final int steps;
    private final int batchSize;
    private final int[] samples;
    private final SequenceLengths lengths;
    private final long validRows;

    private Segment(int start, int steps, int batchSize, int[] samples, SequenceLengths lengths, long validRows) {
        this.start = start;
        this.steps = steps;
        this.batchSize = batchSize;
        this.samples = samples;
        this.lengths = lengths;
        this.validRows = validRows;
    }

    /**
     * Returns the segment of up to {@code maxSteps} steps from {@code start}, or {@code null} when no
     * sample has a valid step there.
     *
     * @param batchLengths lengths of the whole batch, or {@code null} when every sample has all steps
     */
    static Segment of(SequenceLengths batchLengths, int batchSize, int start, int maxSteps) {
        if (batchLengths == null) {
            return new Segment(start, maxSteps, batchSize, null, null, (long) maxSteps * batchSize);
        }

        int active = 0;
        for (int b = 0; b < batchSize; b++) {
            if (batchLengths.length(b) > start) {
                active++;
            }
        }
        if (active == 0) {
            return null;
        }

        int[] samples = new int[active];
        int[] lengths = new int[active];
        int steps = 0;
        long valid = 0;
        int j = 0;
        for (int b = 0; b < batchSize; b++) {
            if (batchLengths.length(b) > start) {
                samples[j] = b;
                lengths[j] = Math.min(batchLengths.length(b) - start, maxSteps);
                steps = Math.max(steps, lengths[j]);
                valid += lengths[j];
                j++;
            }
        }
        boolean allSamples = active == batchSize;
        boolean padded = valid < (long) steps * active;
        return new Segment(start, steps, batchSize, allSamples ? null : samples,
                padded ? SequenceLengths.of(steps, lengths) : null, valid);
    }

    /** Number of time steps, up to the last valid step of any of its samples. */
    int steps() {
        return steps;
    }

    /**
     * Splits this segment into one segment per length of its samples within it, each without
     * padding and with the same start. A segment without padding is returned alone.
     */
    List<Segment> byLength() {
        if (lengths == null) {
            return List.of(this);
        }
        Map<Integer, List<Integer>> samplesByLength = new TreeMap<>();
        for (int j = 0; j < lengths.batch(); j++) {
            int sample = samples == null ? j : samples[j];
            samplesByLength.computeIfAbsent(lengths.length(j), length -> new ArrayList<>()).add(sample);
        }

        List<Segment> parts = new ArrayList<>();
        samplesByLength.forEach((length, group) -> {
            int[] ids = group.stream().mapToInt(Integer::intValue).toArray();
            parts.add(new Segment(start, length, batchSize, ids, null, (long) length * ids.length));
        });
        return parts;
    }

    /** Number of valid (not padded) rows, {@code steps * samples} less the padding. */
    long validRows() {
        return validRows;
    }

    /** Copies this segment's rows of {@code batch} into a batch of its own. */
    Batch slice(Backend backend, Batch batch) {
        int count = samples == null ? batchSize : samples.length;
        return new Batch(rows(backend, batch.input()), rows(backend, batch.targets()), count, lengths);
    }

    /** Returns the rows of this segment's samples in {@code states}, one tensor per layer and state. */
    Tensor[][] gatherStates(Backend backend, Tensor[][] states) {
        if (samples == null) {
            return states;
        }
        Tensor[][] gathered = new Tensor[states.length][];
        for (int layer = 0; layer < states.length; layer++) {
            gathered[layer] = new Tensor[states[layer].length];
            for (int k = 0; k < states[layer].length; k++) {
                Tensor all = states[layer][k];
                Tensor part = backend.zeros(samples.length, all.cols());
                for (int j = 0; j < samples.length; j++) {
                    backend.copyRows(all, samples[j], part, j, 1);
                }
                gathered[layer][k] = part;
            }
        }
        return gathered;
    }

    /**
     * Writes the final states of this segment's samples into the rows of the whole batch and
     * returns the batch's states. {@code carried} is updated in place, or created with zeros when
     * {@code null}; the rows of the samples left out keep their values.
     */
    Tensor[][] scatterStates(SequenceModel model, Tensor[][] carried, Tensor[][] finalStates) {
        if (samples == null) {
            return finalStates;
        }
        Backend backend = model.backend();
        Tensor[][] states = carried;
        if (states == null) {
            states = new Tensor[finalStates.length][];
            for (int layer = 0; layer < finalStates.length; layer++) {
                states[layer] = model.layers().get(layer).zeroState(batchSize);
            }
        }
        for (int layer = 0; layer < finalStates.length; layer++) {
            for (int k = 0; k < finalStates[layer].length; k++) {
                for (int j = 0; j < samples.length; j++) {
                    backend.copyRows(finalStates[layer][k], j, states[layer][k], samples[j], 1);
                }
            }
        }
        return states;
    }

    /** Copies steps {@code start .. start+steps-1} of this segment's samples out of a time-major sequence. */
    private Tensor rows(Backend backend, Tensor sequence) {
        int count = samples == null ? batchSize : samples.length;
        Tensor part = backend.zeros(steps * count, sequence.cols());
        if (samples == null) {
            backend.copyRows(sequence, start * batchSize, part, 0, steps * batchSize);
            return part;
        }
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < count; j++) {
                backend.copyRows(sequence, (start + t) * batchSize + samples[j], part, t * count + j, 1);
            }
        }
        return part;
    }
}
