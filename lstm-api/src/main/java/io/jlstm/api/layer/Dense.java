package io.jlstm.api.layer;

import io.jlstm.api.param.Parameter;
import io.jlstm.api.tensor.Backend;
import io.jlstm.api.tensor.Shapes;
import io.jlstm.api.tensor.Tensor;
import java.util.List;

/**
 * Fully connected layer {@code y = x W^T + b}, applied to every row, so to every time step of a
 * {@code (T*B) x H} sequence at once. Parameters as PyTorch's {@code nn.Linear}: {@code weight}
 * {@code O x H} and {@code bias} of length {@code O}.
 */
public final class Dense {

    private final Backend backend;
    private final Parameter weight;
    private final Parameter bias;

    /** Creates a layer with zero parameters; see {@link io.jlstm.api.init.Initializers}. */
    public Dense(Backend backend, int inputSize, int outputSize) {
        this.backend = backend;
        this.weight = Parameter.matrix(backend, "weight", outputSize, inputSize);
        this.bias = Parameter.vector(backend, "bias", outputSize);
    }

    /** Input features {@code H}. */
    public int inputSize() {
        return weight.value().cols();
    }

    /** Output features {@code O}. */
    public int outputSize() {
        return weight.value().rows();
    }

    /** {@code weight} then {@code bias}. */
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    /**
     * Computes {@code y} ({@code N x O}) from {@code x} ({@code N x H}) into {@code y}. It multiplies
     * by a transposed copy of the weight, which EJML 0.46.1 runs about 2x faster than the
     * transposed-B product, and does so for every {@code N}, so a row gives the same bits in any batch.
     */
    public void forward(Tensor x, Tensor y) {
        Shapes.requireShape("dense output", y, x.rows(), outputSize());
        Tensor weightT = backend.zeros(inputSize(), outputSize());

        backend.transpose(weight.value(), weightT);
        backend.gemm(false, false, 1.0, x, weightT, 0.0, y);
        backend.addRowVector(y, bias.value(), y);
    }

    /** Allocates {@code y} and computes it from {@code x}. */
    public Tensor forward(Tensor x) {
        Tensor y = backend.zeros(x.rows(), outputSize());
        forward(x, y);
        return y;
    }

    /**
     * Adds the gradients of {@code weight} and {@code bias} and writes the input gradient
     * {@code dx = dy W} ({@code N x H}).
     */
    public void backward(Tensor x, Tensor dy, Tensor dx) {
        Shapes.requireShape("dense output gradient", dy, x.rows(), outputSize());
        Shapes.requireSame("dense input", x, "dense input gradient", dx);
        backend.gemm(true, false, 1.0, dy, x, 1.0, weight.gradient());
        backend.sumRows(dy, 1.0, bias.gradient());
        backend.gemm(false, false, 1.0, dy, weight.value(), 0.0, dx);
    }
}
