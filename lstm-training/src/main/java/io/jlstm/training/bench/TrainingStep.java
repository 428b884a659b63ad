package io.jlstm.training.bench;

import io.jlstm.api.loss.MseLoss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.bptt.FullBptt;
import io.jlstm.training.data.Batch;
import io.jlstm.training.optim.Sgd;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.SplittableRandom;

/**
 * One benchmark training step on a workload, set up once: a one-layer LSTM model with a dense
 * head, a random minibatch, MSE loss and SGD. {@link #run()} is forward, backward and update
 * through {@link FullBptt}, the trainer's own path.
 */
public final class TrainingStep {

    /** Learning rate of the update; small, so the weights stay in range over many steps. */
    public static final double LEARNING_RATE = 1e-3;

    private final Workload workload;
    private final SequenceModel model;
    private final Batch batch;
    private final MseLoss loss = new MseLoss();
    private final Sgd sgd = new Sgd(LEARNING_RATE);
    private final FullBptt bptt = new FullBptt();

    /** Builds the model and a minibatch of uniform {@code [-1, 1)} inputs and targets from {@code seed}. */
    public TrainingStep(Workload workload, Backend backend, long seed) {
        this(workload, workload.steps(), backend, seed);
    }

    /**
     * Builds the workload's model with sequences of {@code steps} time steps instead of its own
     * {@code T}, for measuring how time and allocation grow with {@code T}.
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public TrainingStep(Workload workload, int steps, Backend backend, long seed) {
        if (steps < 1) {
            throw new IllegalArgumentException("time steps must be at least 1, but is " + steps);
        }
        this.workload = workload;
        this.model = SequenceModel.lstm(backend, workload.inputSize(), workload.hiddenSize(), workload.outputSize(),
                1, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int rows = steps * workload.batch();
        Tensor x = backend.fromArray(rows, workload.inputSize(), uniform(random, rows * workload.inputSize()));
        Tensor y = backend.fromArray(rows, workload.outputSize(), uniform(random, rows * workload.outputSize()));
        this.batch = new Batch(x, y, workload.batch());
    }

    /** Runs one training step and returns its loss. */
    public double run() {
        return bptt.train(model, batch, loss, value -> {
            sgd.step(model.parameters());
            model.parameters().zeroGradients();
        });
    }

    /**
     * Runs one forward and backward without an update and returns the heap in use after a full
     * garbage collection taken while every buffer of the step is still referenced. That is the live
     * memory at the step's peak, and it includes the model, its gradients and the minibatch. The
     * gradients are zeroed afterwards. The figure is exact only if {@link System#gc()} runs a full
     * collection, as it does with the JDK's collectors unless {@code -XX:+DisableExplicitGC} is set.
     */
    public long measurePeakLiveHeapBytes() {
        // The steps of FullBptt.train, written out so that the pass stays reachable until after the
        // collection; inside train the JIT may treat it as dead once backward has returned.
        SequenceModel.Pass pass = model.forward(batch.input(), batch.batchSize(), batch.lengths(), null);
        Tensor predictions = pass.predictions();
        Tensor dPredictions = model.backend().zeros(predictions.rows(), predictions.cols());
        pass.loss(loss, batch.targets(), dPredictions);
        SequenceModel.Gradients gradients = model.backward(pass, dPredictions, null, pass.steps(), false);

        System.gc();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Reference.reachabilityFence(pass);
        Reference.reachabilityFence(dPredictions);
        Reference.reachabilityFence(gradients);

        model.parameters().zeroGradients();
        return used;
    }

    /** The workload. */
    public Workload workload() {
        return workload;
    }

    /** The model being trained. */
    public SequenceModel model() {
        return model;
    }

    private static double[] uniform(SplittableRandom random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextDouble(-1.0, 1.0);
        }
        return values;
    }
}
