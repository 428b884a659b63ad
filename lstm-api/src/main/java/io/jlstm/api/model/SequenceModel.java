package io.jlstm.api.model;

import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.init.Initializers;
import io.jlstm.api.layer.BidirectionalLayer;
import io.jlstm.api.layer.Dense;
import io.jlstm.api.layer.Dropout;
import io.jlstm.api.layer.LayerPass;
import io.jlstm.api.layer.SequenceGradients;
import io.jlstm.api.layer.SequenceLayer;
import io.jlstm.api.layer.SequenceLengths;
import io.jlstm.api.loss.Loss;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of recurrent layers followed by a dense head: many-to-many (the head at every step) or
 * many-to-one (the head at each sample's last valid step).
 *
 * <p>Parameter names are the recurrent module's name plus the cells' names, then the head's module
 * name plus the dense names: {@code lstm.weight_ih_l0}, ..., {@code head.weight}, {@code head.bias},
 * as in a PyTorch module with attributes {@code lstm} and {@code head}. Both module names can be
 * chosen, so that a model imported from PyTorch keeps the state-dict keys it came with.
 *
 * <p>Dropout, when configured, applies inverted dropout to the outputs of every layer but the last,
 * as PyTorch's {@code dropout} argument does, and only in training mode ({@link #train()}, the
 * default); {@link #eval()} turns it off. Use {@link #builder(Backend)} to build a model from a
 * registered cell type.
 */
public final class SequenceModel {

    /** Placement of the dense head: at every step or at each sample's last valid step. */
    public enum Head {
        /** At every step: predictions {@code (T*B) x O}, targets one row per step. */
        MANY_TO_MANY,
        /** At each sample's last valid step: predictions {@code B x O}. */
        MANY_TO_ONE
    }

    private final Backend backend;
    private final String recurrentName;
    private final List<SequenceLayer> layers;
    private final String headName;
    private final Dense head;
    private final Head headMode;
    private final Dropout dropout;
    private final ParameterSet parameters = new ParameterSet();
    private boolean training = true;
    private boolean dropoutMasksHeld;
    private Tensor[] heldMasks;

    /**
     * Assembles a many-to-many model without dropout whose head has the module name {@code head};
     * see {@link #SequenceModel(String, List, String, Dense, Head, Dropout)}.
     */
    public SequenceModel(String recurrentName, List<? extends SequenceLayer> layers, Dense head) {
        this(recurrentName, layers, "head", head, Head.MANY_TO_MANY, null);
    }

    /**
     * Assembles a many-to-many model without dropout; see
     * {@link #SequenceModel(String, List, String, Dense, Head, Dropout)}.
     */
    public SequenceModel(String recurrentName, List<? extends SequenceLayer> layers, String headName, Dense head) {
        this(recurrentName, layers, headName, head, Head.MANY_TO_MANY, null);
    }

    /**
     * Assembles a model from layers whose sizes chain: the input size of layer {@code k + 1} is the
     * output size of layer {@code k}, and the head's input size is the last layer's output size.
     *
     * @param recurrentName module path of the recurrent stack in parameter names, such as {@code lstm}
     *     or {@code encoder.rnn}
     * @param headName module path of the dense head in parameter names, such as {@code head} or
     *     {@code linear}
     * @param dropout masks between layers, or {@code null} for none
     * @throws IllegalArgumentException if there are no layers, the sizes do not chain, a module path
     *     is empty or has an empty segment, both paths are equal, or two parameters share a name
     */
    public SequenceModel(String recurrentName, List<? extends SequenceLayer> layers, String headName, Dense head,
            Head headMode, Dropout dropout) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a sequence model needs at least one recurrent layer");
        }
        requireModulePath("recurrent module name", recurrentName);
        requireModulePath("head module name", headName);
        if (recurrentName.equals(headName)) {
            throw new IllegalArgumentException("the recurrent stack and the head need different module names, but both"
                    + " are '" + headName + "'");
        }
        this.backend = layers.get(0).cells().get(0).backend();
        this.recurrentName = recurrentName;
        this.layers = List.copyOf(layers);
        this.headName = headName;
        this.head = head;
        this.headMode = headMode;
        this.dropout = dropout;
        for (int k = 0; k < layers.size(); k++) {
            SequenceLayer layer = layers.get(k);
            if (k > 0 && layer.inputSize() != layers.get(k - 1).outputSize()) {
                throw new IllegalArgumentException("layer " + k + " expects input size " + layer.inputSize()
                        + " but layer " + (k - 1) + " outputs " + layers.get(k - 1).outputSize());
            }
            parameters.addAll(recurrentName, layer.parameters());
        }
        int lastOutput = layers.get(layers.size() - 1).outputSize();
        if (head.inputSize() != lastOutput) {
            throw new IllegalArgumentException("head expects input size " + head.inputSize()
                    + " but the last recurrent layer outputs " + lastOutput);
        }
        parameters.addAll(headName, head.parameters());
    }

    /**
     * Returns a model over the same layers, head and dropout masks, so sharing every parameter
     * tensor, whose parameter names use the module paths {@code newRecurrentName} and
     * {@code newHeadName}.
     *
     * @throws IllegalArgumentException as {@link #SequenceModel(String, List, String, Dense, Head, Dropout)}
     */
    public SequenceModel withNames(String newRecurrentName, String newHeadName) {
        SequenceModel renamed = new SequenceModel(newRecurrentName, layers, newHeadName, head, headMode, dropout);
        renamed.training = training;
        return renamed;
    }

    /**
     * Builds an LSTM stack of {@code layers} layers with a dense head, initialized as PyTorch does
     * from {@code seed}.
     */
    public static SequenceModel lstm(Backend backend, int inputSize, int hiddenSize, int outputSize, int layers,
            long seed) {
        return builder(backend).cell("lstm").inputSize(inputSize).hiddenSize(hiddenSize).outputSize(outputSize)
                .layers(layers).seed(seed).build();
    }

    /** A builder for a model of any registered cell type on {@code backend}. */
    public static SequenceModelBuilder builder(Backend backend) {
        return new SequenceModelBuilder(backend);
    }

    /**
     * Draws every parameter from PyTorch's default distributions: recurrent parameters from
     * {@code U(-1/sqrt(H), 1/sqrt(H))} with {@code H} the hidden size of their cell, head
     * parameters from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}.
     */
    public void initialize(SplittableRandom random) {
        for (SequenceLayer layer : layers) {
            for (RecurrentCell cell : layer.cells()) {
                double bound = 1.0 / Math.sqrt(cell.hiddenSize());
                for (Parameter p : cell.parameters()) {
                    Initializers.uniform(p, bound, random);
                }
            }
        }
        double headBound = 1.0 / Math.sqrt(head.inputSize());
        for (Parameter p : head.parameters()) {
            Initializers.uniform(p, headBound, random);
        }
    }

    /** The backend that owns every parameter. */
    public Backend backend() {
        return backend;
    }

    /** Module name of the recurrent stack in parameter names. */
    public String recurrentName() {
        return recurrentName;
    }

    /** Module name of the dense head in parameter names. */
    public String headName() {
        return headName;
    }

    /** The recurrent layers, bottom first. */
    public List<SequenceLayer> layers() {
        return layers;
    }

    /** The dense head. */
    public Dense head() {
        return head;
    }

    /** Where the head reads the recurrent outputs. */
    public Head headMode() {
        return headMode;
    }

    /** Drop probability between layers; 0 without dropout. */
    public double dropoutProbability() {
        return dropout == null ? 0.0 : dropout.probability();
    }

    /** All parameters with their full names, recurrent layers first. */
    public ParameterSet parameters() {
        return parameters;
    }

    /** Input features per step. */
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    /** Output features per prediction. */
    public int outputSize() {
        return head.outputSize();
    }

    /** Switches to training mode, in which dropout is active. This is the initial mode. */
    public SequenceModel train() {
        training = true;
        return this;
    }

    /** Switches to evaluation mode, in which dropout is off. */
    public SequenceModel eval() {
        training = false;
        return this;
    }

    /** Whether the model is in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Restarts the dropout mask sequence from {@code seed}; does nothing without dropout. */
    public void reseedDropout(long seed) {
        if (dropout != null) {
            dropout.reseed(seed);
        }
    }

    /**
     * While {@code held}, training-mode forwards reuse the dropout masks of the last forward with
     * the same shapes instead of drawing new ones. A gradient check needs this, because it compares
     * the analytic gradient with losses of many forwards that must see the same network.
     */
    public void holdDropoutMasks(boolean held) {
        dropoutMasksHeld = held;
        if (!held) {
            heldMasks = null;
        }
    }

    /**
     * Runs the model over a batch of equal-length sequences.
     *
     * @param x input, {@code (T*B) x I}
     * @param initialStates one state per layer, or {@code null} (whole or per layer) for zeros
     */
    public Pass forward(Tensor x, int batch, Tensor[][] initialStates) {
        return forward(x, batch, null, initialStates);
    }

    /**
     * Runs the model over a right-padded batch.
     *
     * @param x input, {@code (T*B) x I}; padded rows may hold any value and are ignored
     * @param lengths per-sample lengths, or {@code null} when every sample has all steps
     * @param initialStates one state per layer, or {@code null} (whole or per layer) for zeros
     */
    public Pass forward(Tensor x, int batch, SequenceLengths lengths, Tensor[][] initialStates) {
        return run(x, batch, lengths, initialStates, training, headMode);
    }

    /** The forward with an explicit dropout switch and head placement, for {@link SequenceStepper}. */
    Pass run(Tensor x, int batch, SequenceLengths lengths, Tensor[][] initialStates, boolean dropoutActive,
            Head placement) {
        if (initialStates != null && initialStates.length != layers.size()) {
            throw new IllegalArgumentException("initial states given for " + initialStates.length
                    + " layers, but the model has " + layers.size());
        }
        boolean useDropout = dropoutActive && dropout != null && dropout.probability() > 0.0 && layers.size() > 1;
        LayerPass[] passes = new LayerPass[layers.size()];
        Tensor[] masks = useDropout ? new Tensor[layers.size() - 1] : null;
        Tensor input = x;

        for (int k = 0; k < layers.size(); k++) {
            Tensor[] initial = initialStates == null ? null : initialStates[k];
            passes[k] = layers.get(k).forward(input, batch, lengths, initial);
            input = passes[k].outputs();
            if (useDropout && k < layers.size() - 1) {
                masks[k] = dropoutMask(k, input.rows(), input.cols());
                Tensor dropped = backend.zeros(input.rows(), input.cols());
                backend.mul(input, masks[k], dropped);
                input = dropped;
            }
        }

        SequenceLengths valid = lengths != null ? lengths : SequenceLengths.full(batch, passes[0].steps());
        Tensor headInput = placement == Head.MANY_TO_ONE ? valid.gatherLast(input) : input;
        Tensor predictions = head.forward(headInput);
        return new Pass(batch, lengths, valid, placement, passes, masks, headInput, predictions);
    }

    private Tensor dropoutMask(int k, int rows, int cols) {
        if (dropoutMasksHeld) {
            if (heldMasks == null || heldMasks.length != layers.size() - 1) {
                heldMasks = new Tensor[layers.size() - 1];
            }
            Tensor held = heldMasks[k];
            if (held == null || held.rows() != rows || held.cols() != cols) {
                heldMasks[k] = dropout.sampleMask(backend, rows, cols);
            }
            return heldMasks[k];
        }
        return dropout.sampleMask(backend, rows, cols);
    }

    /**
     * Backpropagates through the head and all layers, adding parameter gradients.
     *
     * @param dPredictions loss gradient with respect to {@link Pass#predictions()}
     * @param dFinalStates per-layer gradients with respect to the final states, or {@code null}
     * @param backSteps number of final time steps to backpropagate through ({@code T} for full BPTT)
     */
    public Gradients backward(Pass pass, Tensor dPredictions, Tensor[][] dFinalStates, int backSteps) {
        return backward(pass, dPredictions, dFinalStates, backSteps, true);
    }

    /**
     * {@link #backward(Pass, Tensor, Tensor[][], int)} that skips the gradient with respect to the
     * model's input when {@code inputGradient} is false, as training does, because the input is data:
     * {@link Gradients#input()} is then {@code null} and an LSTM first layer saves one GEMM.
     *
     * @throws IllegalStateException if a backward already ran on {@code pass}; nothing is then added
     *     to the gradients
     */
    public Gradients backward(Pass pass, Tensor dPredictions, Tensor[][] dFinalStates, int backSteps,
            boolean inputGradient) {
        Shapes.requireSame("predictions", pass.predictions, "prediction gradient", dPredictions);
        // An LSTM pass overwrites its saved activations with gradients, so a pass supports one
        // backward, as in PyTorch without retain_graph. Check before any gradient is added.
        if (pass.backwardStarted) {
            throw new IllegalStateException("backward already ran on this pass; run forward again before another"
                    + " backward");
        }
        pass.backwardStarted = true;
        Tensor dHeadInput = backend.zeros(pass.headInput.rows(), pass.headInput.cols());
        head.backward(pass.headInput, dPredictions, dHeadInput);
        LayerPass top = pass.layerPasses[layers.size() - 1];
        Tensor dOutputs = dHeadInput;
        if (pass.placement == Head.MANY_TO_ONE) {
            dOutputs = backend.zeros(top.outputs().rows(), top.outputs().cols());
            pass.valid.scatterLast(dHeadInput, dOutputs);
        }

        Tensor[][] dInitial = new Tensor[layers.size()][];
        for (int k = layers.size() - 1; k >= 0; k--) {
            if (pass.dropoutMasks != null && k < layers.size() - 1) {
                backend.mul(dOutputs, pass.dropoutMasks[k], dOutputs);
            }
            Tensor[] dFinal = dFinalStates == null ? null : dFinalStates[k];
            SequenceGradients g = layers.get(k).backward(pass.layerPasses[k], dOutputs, dFinal, backSteps,
                    k > 0 || inputGradient);
            dInitial[k] = g.initialState();
            dOutputs = g.input();
        }
        return new Gradients(dOutputs, dInitial);
    }

    /** Full-BPTT backward: {@link #backward(Pass, Tensor, Tensor[][], int)} over all steps. */
    public Gradients backward(Pass pass, Tensor dPredictions) {
        return backward(pass, dPredictions, null, pass.steps());
    }

    /**
     * A stepper for stateful streaming inference over this model.
     *
     * @throws IllegalArgumentException if a layer is bidirectional
     */
    public SequenceStepper stepper() {
        return new SequenceStepper(this);
    }

    private static void requireModulePath(String what, String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (String segment : path.split("\\.", -1)) {
            if (segment.isEmpty() || !segment.strip().equals(segment)) {
                throw new IllegalArgumentException(what + " '" + path + "' must be dot-separated non-empty segments"
                        + " without surrounding spaces, such as 'lstm' or 'encoder.rnn'");
            }
        }
    }

    /** Forward pass result: predictions and each layer's pass. */
    public static final class Pass {
        private final int batch;
        private final SequenceLengths lengths;
        private final SequenceLengths valid;
        private final Head placement;
        private final LayerPass[] layerPasses;
        private final Tensor[] dropoutMasks;
        private final Tensor headInput;
        private final Tensor predictions;
        private boolean backwardStarted;

        Pass(int batch, SequenceLengths lengths, SequenceLengths valid, Head placement, LayerPass[] layerPasses,
                Tensor[] dropoutMasks, Tensor headInput, Tensor predictions) {
            this.batch = batch;
            this.lengths = lengths;
            this.valid = valid;
            this.placement = placement;
            this.layerPasses = layerPasses;
            this.dropoutMasks = dropoutMasks;
            this.headInput = headInput;
            this.predictions = predictions;
        }

        /** Batch size {@code B}. */
        public int batch() {
            return batch;
        }

        /** Number of time steps {@code T}. */
        public int steps() {
            return layerPasses[0].steps();
        }

        /** Per-sample lengths, or {@code null} when every sample has all steps. */
        public SequenceLengths lengths() {
            return lengths;
        }

        /**
         * Head outputs: {@code (T*B) x O} for many-to-many (padded rows hold the head's value for a
         * zero input and are ignored by {@link #loss}), {@code B x O} for many-to-one.
         */
        public Tensor predictions() {
            return predictions;
        }

        /** The pass of layer {@code k}, bottom first. */
        public LayerPass layer(int k) {
            return layerPasses[k];
        }

        /** Final state of every layer, bottom first: each sample's state after its last valid step. */
        public Tensor[][] finalStates() {
            Tensor[][] states = new Tensor[layerPasses.length][];
            for (int k = 0; k < layerPasses.length; k++) {
                states[k] = layerPasses[k].finalState();
            }
            return states;
        }

        /**
         * Computes {@code loss} over the valid predictions only and writes its gradient into
         * {@code dPredictions} (same shape as {@link #predictions()}, zero at padded rows). The
         * loss's mean then divides by the number of valid rows.
         *
         * @param targets for many-to-many one row per step, {@code (T*B) x F}; for many-to-one one
         *     row per sample, {@code B x F}, or {@code (T*B) x F} of which each sample's row at its
         *     last valid step is used
         */
        public double loss(Loss loss, Tensor targets, Tensor dPredictions) {
            Shapes.requireSame("predictions", predictions, "prediction gradient", dPredictions);
            if (placement == Head.MANY_TO_ONE) {
                return loss.compute(predictions, lastStepTargets(targets), dPredictions);
            }
            requireTargetRows(targets, predictions.rows());
            if (lengths == null) {
                return loss.compute(predictions, targets, dPredictions);
            }
            Tensor compactPredictions = lengths.gatherValid(predictions);
            Tensor compactGradient = predictions.backend().zeros(compactPredictions.rows(), compactPredictions.cols());
            double value = loss.compute(compactPredictions, lengths.gatherValid(targets), compactGradient);
            lengths.scatterValid(compactGradient, dPredictions);
            return value;
        }

        /** Returns {@code loss} over the valid predictions, without a gradient; see {@link #loss}. */
        public double lossValue(Loss loss, Tensor targets) {
            if (placement == Head.MANY_TO_ONE) {
                return loss.value(predictions, lastStepTargets(targets));
            }
            requireTargetRows(targets, predictions.rows());
            if (lengths == null) {
                return loss.value(predictions, targets);
            }
            return loss.value(lengths.gatherValid(predictions), lengths.gatherValid(targets));
        }

        private Tensor lastStepTargets(Tensor targets) {
            if (targets.rows() == batch) {
                return targets;
            }
            if (targets.rows() == valid.steps() * batch) {
                return valid.gatherLast(targets);
            }
            throw new IllegalArgumentException("many-to-one targets have " + targets.rows() + " rows, but need "
                    + batch + " (one per sample) or " + valid.steps() * batch + " (one per step, of which the"
                    + " last valid step is used)");
        }

        private static void requireTargetRows(Tensor targets, int rows) {
            if (targets.rows() != rows) {
                throw new IllegalArgumentException("targets have " + targets.rows() + " rows, but the predictions"
                        + " have " + rows + " (one per step and sample)");
            }
        }
    }

    /**
     * Gradients with respect to the model's inputs: the input sequence (zero at padded rows, or
     * {@code null} when the backward was asked to skip it) and each layer's initial state. Parameter gradients are in {@link SequenceModel#parameters()}.
     */
    public record Gradients(Tensor input, Tensor[][] initialStates) {
    }

    /** Whether any layer is bidirectional. */
    boolean hasBidirectionalLayer() {
        return layers.stream().anyMatch(l -> l instanceof BidirectionalLayer);
    }
}
