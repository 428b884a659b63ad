package io.jlstm.training.bptt;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.model.SequenceModel;
import io.jlstm.api.tensor.Tensor;
import io.jlstm.training.data.Batch;

/** Full backpropagation through time: forward over the whole sequence, backward over all of it, one update. */
public final class FullBptt implements BpttStrategy {

    @Override
    public String name() {
        return "full";
    }

    @Override
    public double train(SequenceModel model, Batch batch, Loss loss, ParameterUpdate update) {
        SequenceModel.Pass pass = model.forward(batch.input(), batch.batchSize(), batch.lengths(), null);
        Tensor predictions = pass.predictions();
        Tensor dPredictions = model.backend().zeros(predictions.rows(), predictions.cols());

        double value = pass.loss(loss, batch.targets(), dPredictions);
        model.backward(pass, dPredictions, null, pass.steps(), false);
        update.apply(value);
        return value;
    }
}
