package io.jlstm.testkit;

import io.jlstm.api.loss.Loss;
import io.jlstm.api.tensor.Backend;
import io.jlstm.training.gradcheck.GradientChecker;
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
    }

    /**
     * Properties for two-layer networks and dropout. Dropout scales the kept outputs by
     * {@code 1 / (1 - p)} and the second layer compounds the first one's sensitivities, so the
     * rounding error of central differences with step {@code 1e-6} reaches the default absolute
     * tolerance {@code 1e-8}: one LSTM-with-projection gradient of {@code -5.2e-4} came out
     * {@code 1.02e-8} off with step {@code 1e-6}, while step {@code 1e-5} matched every element of
     * that tensor within {@code 2.8e-9}. The absolute tolerance here is {@code 3e-8}.
     */
    abstract class OnSuiteBackendStacked extends OnSuiteBackend {
        @Override
        protected GradientChecker checker() {
            return new GradientChecker(GradientChecker.DEFAULT_STEP, GradientChecker.DEFAULT_RELATIVE_TOLERANCE, 3e-8);
        }
    }

    /**
     * Properties for ReLU networks. ReLU does not saturate, so weights scaled as for the gated cells
     * (entries up to 3) make activations grow by orders of magnitude per step; weight entries are
     * capped at 1 instead. Losses still reach the hundreds, and central differences of such a loss
     * carry rounding noise of about {@code loss * 1e-16 / 1e-6}, so the absolute tolerance is
     * {@code 1e-7} instead of {@code 1e-8}.
     */
    abstract class OnSuiteBackendRelu extends OnSuiteBackend {
        @Override
        protected GradientChecker checker() {
            return new GradientChecker(GradientChecker.DEFAULT_STEP, GradientChecker.DEFAULT_RELATIVE_TOLERANCE, 1e-7);
        }

        @Override
        protected void checkGradients(ModelShape shape, long seed, double weightScale, Loss loss) {
            super.checkGradients(shape, seed, Math.min(weightScale, 1.0), loss);
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
    class ProjectedLstm extends OnSuiteBackend {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withProjection();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedLstmWithDropout extends OnSuiteBackendStacked {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedGruWithDropout extends OnSuiteBackendStacked {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("gru").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedRnnTanhWithDropout extends OnSuiteBackendStacked {
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
    class StackedPeepholeLstmWithDropout extends OnSuiteBackendStacked {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("peephole-lstm").withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 50)
    class StackedProjectedLstmWithDropout extends OnSuiteBackendStacked {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("lstm").withProjection().withLayers(2).withDropout(0.3).withPadding();
        }
    }

    @Group
    @PropertyDefaults(tries = 30)
    class BidirectionalLstm extends OnSuiteBackendStacked {
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
    class BidirectionalProjectedLstm extends OnSuiteBackend {
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
    class ManyToOneBidirectionalRnnTanh extends OnSuiteBackendStacked {
        @Override
        protected NetworkSpec network() {
            return NetworkSpec.of("rnn-tanh").withBidirectional().withLayers(2).withDropout(0.3).withManyToOne().withPadding();
        }
    }
}
