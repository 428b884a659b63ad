package io.jlstm.training.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void parseAcceptsAnyCase() {
        assertThat(Workload.parse("small")).isEqualTo(Workload.SMALL);
        assertThat(Workload.parse("MEDIUM")).isEqualTo(Workload.MEDIUM);
        assertThat(Workload.parse(" Large ")).isEqualTo(Workload.LARGE);
    }

    @Test
    void parseRejectsUnknownName() {
        assertThatThrownBy(() -> Workload.parse("huge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown workload 'huge'; expected one of small, medium, large");
    }

    @Test
    void smallForwardFlopsFollowFormula() {
        // T*2*B*(I+H)*4H + T*2*B*H*O with I=8, H=32, O=8, B=16, T=50
        assertThat(Workload.SMALL.forwardFlops()).isEqualTo(50.0 * 2 * 16 * 40 * 128 + 50.0 * 2 * 16 * 32 * 8);
        assertThat(Workload.SMALL.trainingFlops()).isEqualTo(3 * Workload.SMALL.forwardFlops());
    }

    @Test
    void largeForwardFlopsFollowFormula() {
        // 100*2*64*(256+512)*2048 for the gates plus 100*2*64*512*256 for the head
        assertThat(Workload.LARGE.forwardFlops()).isEqualTo(20_132_659_200.0 + 1_677_721_600.0);
    }

    @Test
    void parameterCountMatchesLayout() {
        // 4H(I+H) + 8H for the LSTM, O*H + O for the head
        assertThat(Workload.SMALL.parameterDoubles()).isEqualTo(4L * 32 * 40 + 8 * 32 + 8 * 32 + 8);
    }
}
