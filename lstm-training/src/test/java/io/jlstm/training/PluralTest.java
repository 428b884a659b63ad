package io.jlstm.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {

    @Test
    void oneTakesSingular() {
        assertThat(Plural.count(1, "epoch")).isEqualTo("1 epoch");
        assertThat(Plural.count(-1, "step")).isEqualTo("-1 step");
        assertThat(Plural.count(1, "minibatch", "minibatches")).isEqualTo("1 minibatch");
    }

    @Test
    void otherCountsTakePlural() {
        assertThat(Plural.count(0, "epoch")).isEqualTo("0 epochs");
        assertThat(Plural.count(2, "epoch")).isEqualTo("2 epochs");
        assertThat(Plural.count(3_000_000_000L, "value")).isEqualTo("3000000000 values");
        assertThat(Plural.count(2, "minibatch", "minibatches")).isEqualTo("2 minibatches");
        assertThat(Plural.count(5, "update was", "updates were")).isEqualTo("5 updates were");
    }
}
