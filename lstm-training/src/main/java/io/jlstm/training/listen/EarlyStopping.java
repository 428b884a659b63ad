package io.jlstm.training.listen;

import io.jlstm.api.model.SequenceModel;
import io.jlstm.training.Plural;
import io.jlstm.training.checkpoint.Checkpoint;
import io.jlstm.training.checkpoint.ListenerState;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when the validation loss has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row, and optionally puts back the weights of the best epoch when
 * training ends (stopped or not).
 *
 * <p>An epoch improves when {@code validationLoss < best - minDelta}. The listener needs
 * validation data; it rejects a run without it at the start.
 *
 * <p>Its state (best loss and epoch, epochs without improvement, and the best weights when they are
 * to be restored) is part of every checkpoint, so a resumed run stops at the same epoch as one that
 * was never interrupted.
 */
public final class EarlyStopping implements CheckpointedListener {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final SequenceModel model;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private double best;
    private int bestEpoch;
    private int epochsWithoutImprovement;
    private int lastEpoch;
    private Map<String, Checkpoint.Matrix> bestValues;

    /** Creates the listener from the {@code early-stopping.*} keys. */
    @Inject
    public EarlyStopping(SequenceModel model, JlstmConfig config) {
        this(model, config.getInt(TrainingKeys.EARLY_STOPPING_PATIENCE),
                config.getDouble(TrainingKeys.EARLY_STOPPING_MIN_DELTA),
                config.getBoolean(TrainingKeys.EARLY_STOPPING_RESTORE_BEST));
    }

    /**
     * Creates the listener.
     *
     * @param patience epochs without improvement before stopping, at least 1
     * @param minDelta improvement below which an epoch does not count as better, at least 0
     * @throws IllegalArgumentException if a value is out of range
     */
    public EarlyStopping(SequenceModel model, int patience, double minDelta, boolean restoreBest) {
        if (patience < 1) {
            throw new IllegalArgumentException("early-stopping patience must be >= 1 epoch, but is " + patience);
        }
        if (!(minDelta >= 0.0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("early-stopping minimum delta must be a finite number >= 0, but is "
                    + minDelta);
        }
        this.model = model;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
    }

    @Override
    public void onStart(TrainingStart start) {
        if (start.validationSamples() == 0) {
            throw new IllegalArgumentException("early stopping watches the validation loss, but no validation data"
                    + " was given; pass validation data to fit() or set early-stopping.patience = 0");
        }
        best = Double.POSITIVE_INFINITY;
        bestEpoch = 0;
        epochsWithoutImprovement = 0;
        lastEpoch = 0;
        bestValues = null;
    }

    @Override
    public void onEpoch(EpochEvent epoch, TrainingControl control) {
        double loss = epoch.validationLoss();
        lastEpoch = epoch.epoch();
        if (loss < best - minDelta) {
            best = loss;
            bestEpoch = epoch.epoch();
            epochsWithoutImprovement = 0;
            if (restoreBest) {
                bestValues = Checkpoint.capture(model.parameters());
            }
            return;
        }
        epochsWithoutImprovement++;
        if (epochsWithoutImprovement >= patience) {
            control.requestStop(String.format("early stopping: validation loss did not improve by more than %s for %s"
                    + " (best %s at epoch %d)", minDelta, Plural.count(patience, "epoch"), best, bestEpoch));
        }
    }

    @Override
    public void onFinish(TrainingSummary summary) {
        if (restoreBest && bestValues != null && bestEpoch != lastEpoch) {
            Checkpoint.restore(bestValues, model.parameters());
            LOG.info("restored the weights of epoch {} (validation loss {})", bestEpoch, best);
        }
    }

    @Override
    public String stateName() {
        return "early-stopping";
    }

    @Override
    public ListenerState saveState() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("best", Double.toString(best));
        values.put("best_epoch", Integer.toString(bestEpoch));
        values.put("epochs_without_improvement", Integer.toString(epochsWithoutImprovement));
        values.put("last_epoch", Integer.toString(lastEpoch));
        return new ListenerState(values, bestValues == null ? Map.of() : bestValues);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a value is missing or out of range, or the best weights do
     *     not fit the model
     */
    @Override
    public void restoreState(ListenerState state) {
        double savedBest = state.doubleValue("best");
        long savedBestEpoch = state.longValue("best_epoch");
        long savedCount = state.longValue("epochs_without_improvement");
        long savedLastEpoch = state.longValue("last_epoch");
        // Only epochs after the best one count as epochs without improvement. The count can be smaller
        // after a resume from a checkpoint without this state, which starts counting afresh.
        boolean bestValid = !Double.isNaN(savedBest) && savedBest != Double.NEGATIVE_INFINITY;
        if (!bestValid || savedBestEpoch < 0 || savedLastEpoch < savedBestEpoch
                || savedLastEpoch > Integer.MAX_VALUE || savedCount < 0
                || savedCount > savedLastEpoch - savedBestEpoch) {
            throw new IllegalArgumentException("early-stopping state is inconsistent: best " + savedBest + " at epoch "
                    + savedBestEpoch + ", " + savedCount + " epochs without improvement, last epoch " + savedLastEpoch
                    + "; the best loss must be a number or +Infinity, the epochs at least 0 and the count at most"
                    + " the last epoch minus the best epoch");
        }
        Map<String, Checkpoint.Matrix> savedValues = state.tensors().isEmpty() ? null : state.tensors();
        if (savedValues != null) {
            // Checks names, shapes and values now, so that a bad file fails the resume instead of the last epoch.
            Checkpoint.requireFits(savedValues, model.parameters());
            requireNoNaN(savedValues);
        }

        best = savedBest;
        bestEpoch = (int) savedBestEpoch;
        epochsWithoutImprovement = (int) savedCount;
        lastEpoch = (int) savedLastEpoch;
        bestValues = restoreBest ? savedValues : null;
    }

    /**
     * Rejects best weights that contain NaN. Training never saves such weights, because they make the
     * validation loss NaN, which is never an improvement.
     */
    private static void requireNoNaN(Map<String, Checkpoint.Matrix> values) {
        for (Map.Entry<String, Checkpoint.Matrix> entry : values.entrySet()) {
            double[] v = entry.getValue().values();
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    throw new IllegalArgumentException("the best weights of '" + entry.getKey() + "' contain NaN at"
                            + " index " + i + ", which training never saves; the checkpoint file is damaged");
                }
            }
        }
    }

    /** Best validation loss seen, or infinity before the first epoch. */
    public double bestLoss() {
        return best;
    }

    /** Epoch of the best validation loss, or 0. */
    public int bestEpoch() {
        return bestEpoch;
    }
}
