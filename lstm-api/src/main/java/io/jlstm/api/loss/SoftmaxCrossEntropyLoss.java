package io.jlstm.api.loss;

import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;

/**
 * Softmax followed by cross-entropy, averaged over rows (time steps times batch), as PyTorch's
 * {@code CrossEntropyLoss(reduction="mean")} on logits. Targets are an {@code N x 1} tensor of class
 * indices stored as doubles. The value is in nats.
 *
 * <p>Stable form: {@code L_n = logsumexp(z_n) - z_n[target]} with the row maximum subtracted
 * before exponentiating. Gradient: {@code (softmax(z_n) - onehot(target)) / N}.
 */
public final class SoftmaxCrossEntropyLoss implements Loss {

    @Override
    public String name() {
        return "cross-entropy";
    }

    @Override
    public double compute(Tensor predictions, Tensor targets, Tensor dPredictions) {
        Shapes.requireSame("logits", predictions, "logit gradient", dPredictions);
        return evaluate(predictions, targets, dPredictions);
    }

    @Override
    public double value(Tensor predictions, Tensor targets) {
        return evaluate(predictions, targets, null);
    }

    private static double evaluate(Tensor logits, Tensor targets, Tensor dLogits) {
        int rows = logits.rows();
        int classes = logits.cols();
        Shapes.requireShape("class-index targets", targets, rows, 1);
        double[] z = logits.toArray();
        double[] target = targets.toArray();
        double[] grad = dLogits == null ? null : new double[z.length];

        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            int label = classIndex(target[r], r, classes);
            int base = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[base + k]);
            }
            double sumExp = 0.0;
            for (int k = 0; k < classes; k++) {
                sumExp += Math.exp(z[base + k] - max);
            }
            double logSumExp = max + Math.log(sumExp);
            total += logSumExp - z[base + label];
            if (grad != null) {
                for (int k = 0; k < classes; k++) {
                    grad[base + k] = Math.exp(z[base + k] - logSumExp) / rows;
                }
                grad[base + label] -= 1.0 / rows;
            }
        }
        if (grad != null) {
            dLogits.copyFrom(grad);
        }
        return total / rows;
    }

    private static int classIndex(double value, int row, int classes) {
        int label = (int) value;
        if (label != value || label < 0 || label >= classes) {
            throw new IllegalArgumentException("target at row " + row + " is " + value
                    + ", but must be a class index in 0.." + (classes - 1));
        }
        return label;
    }
}
