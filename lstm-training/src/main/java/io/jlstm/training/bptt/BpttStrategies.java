package io.jlstm.training.bptt;

import io.jlstm.training.config.ConfigException;
import io.jlstm.training.config.JlstmConfig;
import io.jlstm.training.config.TrainingKeys;

/** Chooses the BPTT strategy from {@code bptt.k1} and {@code bptt.k2}. */
public final class BpttStrategies {

    private BpttStrategies() {
    }

    /**
     * Returns {@link FullBptt} for {@code bptt.k1 = 0}, else {@link TruncatedBptt} with
     * {@code k2 = bptt.k2}, or {@code k2 = k1} when {@code bptt.k2 = 0}.
     *
     * @throws ConfigException if {@code bptt.k2} is set without {@code bptt.k1} or exceeds it
     */
    public static BpttStrategy fromConfig(JlstmConfig config) {
        int k1 = config.getInt(TrainingKeys.BPTT_K1);
        int k2 = config.getInt(TrainingKeys.BPTT_K2);
        if (k1 == 0) {
            if (k2 != 0) {
                throw new ConfigException("bptt.k2 = " + k2 + " needs truncated BPTT; set bptt.k1 >= " + k2
                        + " as well, or bptt.k2 = 0 for full BPTT");
            }
            return new FullBptt();
        }
        if (k2 > k1) {
            throw new ConfigException("bptt.k2 = " + k2 + " exceeds bptt.k1 = " + k1 + "; gradients can flow back at"
                    + " most through a whole segment, so set bptt.k2 <= bptt.k1 (0 means bptt.k1)");
        }
        return new TruncatedBptt(k1, k2 == 0 ? k1 : k2);
    }
}
