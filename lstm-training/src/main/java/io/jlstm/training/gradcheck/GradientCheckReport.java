package io.jlstm.training.gradcheck;

import java.util.List;
import java.util.stream.Collectors;

/** Per-tensor results of one gradient check, in parameter order, then input, then initial states. */
public record GradientCheckReport(List<GradientCheck> checks) {

    /** Whether every tensor passed. */
    public boolean passed() {
        return checks.stream().allMatch(GradientCheck::passed);
    }

    /** The check with the largest relative error. */
    public GradientCheck worst() {
        GradientCheck worst = checks.get(0);
        for (GradientCheck c : checks) {
            if (!c.passed() && worst.passed() || c.passed() == worst.passed()
                    && c.maxRelativeError() > worst.maxRelativeError()) {
                worst = c;
            }
        }
        return worst;
    }

    /** Largest relative error over all tensors. */
    public double maxRelativeError() {
        return checks.stream().mapToDouble(GradientCheck::maxRelativeError).max().orElse(0.0);
    }

    /** One line per tensor. */
    public String describe() {
        return checks.stream().map(GradientCheck::describe).collect(Collectors.joining("\n"));
    }
}
