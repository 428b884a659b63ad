package io.jlstm.api.init;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Tensor;
import java.util.SplittableRandom;

/**
 * Parameter initializers. The defaults match PyTorch's: every weight and bias of a recurrent layer
 * uniform in {@code [-1/sqrt(H), 1/sqrt(H)]}, and {@code nn.Linear}'s weight and bias uniform in
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]}.
 */
public final class Initializers {

    private Initializers() {
    }

    /** Fills {@code p} with independent draws from {@code U(-bound, bound)}. */
    public static void uniform(Parameter p, double bound, SplittableRandom random) {
        Tensor value = p.value();
        double[] values = new double[value.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = (2.0 * random.nextDouble() - 1.0) * bound;
        }
        value.copyFrom(values);
    }

    /**
     * Sets the effective forget-gate bias {@code (b_ih + b_hh)[H:2H]} of an LSTM to {@code value}:
     * {@code b_ih[H:2H] = value} and {@code b_hh[H:2H] = 0}.
     */
    public static void forgetBias(Parameter biasIh, Parameter biasHh, int hidden, double value) {
        for (int k = hidden; k < 2 * hidden; k++) {
            biasIh.value().set(0, k, value);
            biasHh.value().set(0, k, 0.0);
        }
    }
}
