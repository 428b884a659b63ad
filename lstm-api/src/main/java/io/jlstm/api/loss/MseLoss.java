package io.jlstm.api.loss;

import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;

/**
 * Mean squared error over all elements, as PyTorch's {@code MSELoss(reduction="mean")}:
 * {@code L = sum (y - t)^2 / (N*O)}.
 */
public final class MseLoss implements Loss {

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double compute(Tensor predictions, Tensor targets, Tensor dPredictions) {
        Shapes.requireSame("predictions", predictions, "targets", targets);
        Shapes.requireSame("predictions", predictions, "prediction gradient", dPredictions);
        double n = predictions.size();

        predictions.backend().sub(predictions, targets, dPredictions);
        double loss = predictions.backend().sumOfSquares(dPredictions) / n;
        predictions.backend().scale(2.0 / n, dPredictions, dPredictions);
        return loss;
    }

    @Override
    public double value(Tensor predictions, Tensor targets) {
        Shapes.requireSame("predictions", predictions, "targets", targets);
        double[] y = predictions.toArray();
        double[] t = targets.toArray();
        double sum = 0.0;
        for (int k = 0; k < y.length; k++) {
            double d = y[k] - t[k];
            sum += d * d;
        }
        return sum / y.length;
    }
}
