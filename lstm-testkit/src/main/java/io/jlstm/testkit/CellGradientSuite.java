package io.jlstm.testkit;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.tensor.Backend;
import net.jqwik.api.Group;
import net.jqwik.api.PropertyDefaults;

/**
 * {@link GradientCheckProperties} for every built-in cell type and network shape on one backend:
 * each cell alone; two layers with dropout on padded batches; bidirectional on padded batches; and
 * a many-to-one head. The one-layer LSTM is left to a plain {@link GradientCheckProperties}
 * subclass. A backend's test extends this class and implements {@link #backend()}; each group runs
 * every property with 100 tries, or 50 for the costlier shapes.
 */
public abstract class CellGradientSuite {

    /** The backend under test; called once per try. */
    protected abstract Backend backend();

    /** One group's properties on the suite's backend. */
    abstract class OnSuiteBackend extends GradientCheckProperties {
        @Override
        protected Backend backend() {
            return CellGradientSuite.this.backend();
        }

        /** Returns the largest weight scale the gradient checks draw; unlimited by default. */
        protected double maxWeightScale() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        protected void checkGradients(ModelShape shape, long seed, double weightScale, Loss loss) {
            super.checkGradients(shape, seed, Math.min(weightScale, maxWeightScale()), loss);
        }
    }

    /**
     * Properties for ReLU networks, with weight entries capped at 1. ReLU does not saturate, so
     * weights scaled as for the gated cells (entries up to 3) would make activations grow by orders
     * of magnitude per step.
     */
    abstract class OnSuiteBackendRelu extends OnSuiteBackend {
        @Override
        protected double maxWeightScale() {
            return 1.0;
        }
    }

    /**
     * Properties for LSTMs with projection, with weight entries capped at 1.5. The projection feeds
     * back {@code h = W_hr (o * tanh c)}, which is not bounded by 1 as an LSTM's {@code h} is, so with
     * entries up to 3 the recurrence becomes so sensitive that central differences lose accuracy
     * through truncation error. In one such case (hidden size 5, projection size 4, a bidirectional
     * layer over 9 steps, weight scale 2.91) the reverse {@code bias_ih} and {@code bias_hh}, whose
     * exact gradients are equal, got numeric gradients {@code 1.2e-7} apart.
     */
    abstract class OnSuiteBackendProjected extends OnSuiteBackend {
        @Override
        protected double maxWeightScale() {
            return 1.5;
        }
    }

    /**
     * Properties for stacked bidirectional tanh RNNs, with weight entries capped at 1.5. With larger
     * weights the units saturate, and central differences with the default step lose accuracy through
     * truncation error. One such case had two bidirectional layers with dropout, padding, a many-to-one
     * head, hidden size 6, 11 steps and weight scale 2.42. There the gradients of the first reverse
     * layer were off by up to 2.5e-4 relative with a step of 1e-6, and agreed with a step of 1e-7.
     */
    abstract class OnSuiteBackendSaturatedTanh extends OnSuiteBackend {
        @Override
        protected double maxWeightScale() {
            return 1.5;
        }
    }

    @Group
    @PropertyDefaults(tries = 100)
    class Gru extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("gru");
        }
    }

    @Group
    @PropertyDefaults(tries = 100)
    class RnnTanh extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("rnn-tanh");
        }
    }

    @Group
    @PropertyDefaults(tries = 100)
    class RnnRelu extends OnSuiteBackendRelu {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("rnn-relu");
        }
    }

    @Group
    @PropertyDefaults(tries = 100)
    class PeepholeLstm extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("peephole-lstm");
        }
    }

    @Group
    @PropertyDefaults(tries = 100)
    class ProjectedLstm extends OnSuiteBackendProjected {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withProjection();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedLstmWithDropout extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedGruWithDropout extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("gru").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedRnnTanhWithDropout extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("rnn-tanh").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedRnnReluWithDropout extends OnSuiteBackendRelu {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("rnn-relu").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedPeepholeLstmWithDropout extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("peephole-lstm").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedProjectedLstmWithDropout extends OnSuiteBackendProjected {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withProjection().withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 30)
    class BidirectionalLstm extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withBidirectional().withLayers(2).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class BidirectionalGru extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("gru").withBidirectional().withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class BidirectionalRnnTanh extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("rnn-tanh").withBidirectional().withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class BidirectionalPeepholeLstm extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("peephole-lstm").withBidirectional().withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class BidirectionalProjectedLstm extends OnSuiteBackendProjected {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withProjection().withBidirectional().withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class ManyToOneLstm extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withManyToOne().withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class ManyToOneGru extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("gru").withManyToOne().withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class ManyToOneBidirectionalRnnTanh extends OnSuiteBackendSaturatedTanh {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("rnn-tanh").withBidirectional().withLayers(2).withDropout(0.3).withManyToOne().withPadding();
        }
    }
}
