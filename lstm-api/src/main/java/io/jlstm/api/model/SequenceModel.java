package io.jlstm.api.model;

import io.jlstm.api.cell.LstmCell;
import io.jlstm.api.cell.RecurrentCell;
import io.jlstm.api.init.Initializers;
import io.jlstm.api.layer.Dense;
import io.jlstm.api.layer.RecurrentLayer;
import io.jlstm.api.layer.SequenceGradients;
import io.jlstm.api.layer.SequencePass;
import io.jlstm.api.param.Parameter;
import io.jlstm.api.param.ParameterSet;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of recurrent layers followed by a time-distributed dense head: the many-to-many
 * sequence model that forecasters and character models train.
 *
 * <p>Parameter names are the recurrent module's name plus the cell's names, then the head's module
 * name plus the dense names: {@code lstm.weight_ih_l0}, ..., {@code head.weight}, {@code head.bias},
 * as in a PyTorch module with attributes {@code lstm} and {@code head}. Both module names can be
 * chosen, so that a model imported from PyTorch keeps the state-dict keys it came with.
 */
public final class SequenceModel {

    private final Backend backend;
    private final String recurrentName;
    private final List<RecurrentLayer> layers;
    private final String headName;
    private final Dense head;
    private final ParameterSet parameters = new ParameterSet();

    /**
     * Assembles a model whose head has the module name {@code head}; see
     * {@link #SequenceModel(String, List, String, Dense)}.
     */
    public SequenceModel(String recurrentName, List<RecurrentLayer> layers, Dense head) {
        this(recurrentName, layers, "head", head);
    }

    /**
     * Assembles a model from layers whose sizes chain: the input size of layer {@code k + 1} is the
     * output size of layer {@code k}, and the head's input size is the last layer's output size.
     *
     * @param recurrentName module path of the recurrent stack in parameter names, such as {@code lstm}
     *     or {@code encoder.rnn}
     * @param headName module path of the dense head in parameter names, such as {@code head} or
     *     {@code linear}
     * @throws IllegalArgumentException if the sizes do not chain, a module path is empty or has an
     *     empty segment, or both paths are equal
     */
    public SequenceModel(String recurrentName, List<RecurrentLayer> layers, String headName, Dense head) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a sequence model needs at least one recurrent layer");
        }
        requireModulePath("recurrent module name", recurrentName);
        requireModulePath("head module name", headName);
        if (recurrentName.equals(headName)) {
            throw new IllegalArgumentException("the recurrent stack and the head need different module names, but both"
                    + " are '" + headName + "'");
        }
        this.backend = layers.get(0).cell().backend();
        this.recurrentName = recurrentName;
        this.layers = List.copyOf(layers);
        this.headName = headName;
        this.head = head;
        for (int k = 0; k < layers.size(); k++) {
            RecurrentCell cell = layers.get(k).cell();
            if (k > 0 && cell.inputSize() != layers.get(k - 1).cell().outputSize()) {
                throw new IllegalArgumentException("layer " + k + " expects input size " + cell.inputSize()
                        + " but layer " + (k - 1) + " outputs " + layers.get(k - 1).cell().outputSize());
            }
            parameters.addAll(recurrentName, cell.parameters());
        }
        int lastOutput = layers.get(layers.size() - 1).cell().outputSize();
        if (head.inputSize() != lastOutput) {
            throw new IllegalArgumentException("head expects input size " + head.inputSize()
                    + " but the last recurrent layer outputs " + lastOutput);
        }
        parameters.addAll(headName, head.parameters());
    }

    /**
     * Returns a model over the same layers and head, so sharing every parameter tensor, whose
     * parameter names use the module paths {@code newRecurrentName} and {@code newHeadName}.
     *
     * @throws IllegalArgumentException as {@link #SequenceModel(String, List, String, Dense)}
     */
    public SequenceModel withNames(String newRecurrentName, String newHeadName) {
        return new SequenceModel(newRecurrentName, layers, newHeadName, head);
    }

    /**
     * Builds an LSTM stack of {@code layers} layers with a dense head, initialized as PyTorch does
     * from {@code seed}.
     */
    public static SequenceModel lstm(Backend backend, int inputSize, int hiddenSize, int outputSize, int layers,
            long seed) {
        List<RecurrentLayer> stack = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            stack.add(new RecurrentLayer(new LstmCell(backend, k == 0 ? inputSize : hiddenSize, hiddenSize, k)));
        }
        SequenceModel model = new SequenceModel("lstm", stack, new Dense(backend, hiddenSize, outputSize));
        model.initialize(new SplittableRandom(seed));
        return model;
    }

    /**
     * Draws every parameter from PyTorch's default distributions: recurrent parameters from
     * {@code U(-1/sqrt(outputSize), 1/sqrt(outputSize))} of their cell, head parameters from
     * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}.
     */
    public void initialize(SplittableRandom random) {
        for (RecurrentLayer layer : layers) {
            double bound = 1.0 / Math.sqrt(layer.cell().outputSize());
            for (Parameter p : layer.cell().parameters()) {
                Initializers.uniform(p, bound, random);
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
    public List<RecurrentLayer> layers() {
        return layers;
    }

    /** The dense head. */
    public Dense head() {
        return head;
    }

    /** All parameters with their full names, recurrent layers first. */
    public ParameterSet parameters() {
        return parameters;
    }

    /** Input features per step. */
    public int inputSize() {
        return layers.get(0).cell().inputSize();
    }

    /** Output features per step. */
    public int outputSize() {
        return head.outputSize();
    }

    /**
     * Runs the model over a sequence.
     *
     * @param x input, {@code (T*B) x I}
     * @param initialStates one state per layer, or {@code null} (whole or per layer) for zeros
     */
    public Pass forward(Tensor x, int batch, Tensor[][] initialStates) {
        if (initialStates != null && initialStates.length != layers.size()) {
            throw new IllegalArgumentException("initial states given for " + initialStates.length
                    + " layers, but the model has " + layers.size());
        }
        SequencePass[] passes = new SequencePass[layers.size()];
        Tensor input = x;
        for (int k = 0; k < layers.size(); k++) {
            Tensor[] initial = initialStates == null ? null : initialStates[k];
            passes[k] = layers.get(k).forward(input, batch, initial);
            input = passes[k].outputs();
        }
        Tensor predictions = head.forward(input);
        return new Pass(batch, passes, predictions);
    }

    /**
     * Backpropagates through the head and all layers, adding parameter gradients.
     *
     * @param dPredictions loss gradient with respect to {@link Pass#predictions()}
     * @param dFinalStates per-layer gradients with respect to the final states, or {@code null}
     * @param backSteps number of final time steps to backpropagate through ({@code T} for full BPTT)
     */
    public Gradients backward(Pass pass, Tensor dPredictions, Tensor[][] dFinalStates, int backSteps) {
        SequencePass top = pass.layerPasses[layers.size() - 1];
        Tensor dHidden = backend.zeros(top.outputs().rows(), top.outputs().cols());
        head.backward(top.outputs(), dPredictions, dHidden);

        Tensor[][] dInitial = new Tensor[layers.size()][];
        Tensor dOutputs = dHidden;
        for (int k = layers.size() - 1; k >= 0; k--) {
            Tensor[] dFinal = dFinalStates == null ? null : dFinalStates[k];
            SequenceGradients g = layers.get(k).backward(pass.layerPasses[k], dOutputs, dFinal, backSteps);
            dInitial[k] = g.initialState();
            dOutputs = g.input();
        }
        return new Gradients(dOutputs, dInitial);
    }

    /** Full-BPTT backward: {@link #backward(Pass, Tensor, Tensor[][], int)} over all steps. */
    public Gradients backward(Pass pass, Tensor dPredictions) {
        return backward(pass, dPredictions, null, pass.steps());
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

    /** Forward pass result: predictions {@code (T*B) x O} and each layer's pass. */
    public static final class Pass {
        private final int batch;
        private final SequencePass[] layerPasses;
        private final Tensor predictions;

        Pass(int batch, SequencePass[] layerPasses, Tensor predictions) {
            this.batch = batch;
            this.layerPasses = layerPasses;
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

        /** Head outputs, {@code (T*B) x O}. */
        public Tensor predictions() {
            return predictions;
        }

        /** The pass of layer {@code k}, bottom first. */
        public SequencePass layer(int k) {
            return layerPasses[k];
        }

        /** Final state of every layer, bottom first. */
        public Tensor[][] finalStates() {
            Tensor[][] states = new Tensor[layerPasses.length][];
            for (int k = 0; k < layerPasses.length; k++) {
                states[k] = layerPasses[k].finalState();
            }
            return states;
        }
    }

    /**
     * Gradients with respect to the model's inputs: the input sequence and each layer's initial
     * state. Parameter gradients are in {@link SequenceModel#parameters()}.
     */
    public record Gradients(Tensor input, Tensor[][] initialStates) {
    }
}
