package io.jlstm.training.gradcheck;

import io.jlstm.training.Plural;

/**
 * The comparison of analytic and numerical gradients for one tensor (a parameter, the input or an
 * initial state).
 *
 * @param name full parameter name, {@code input}, or {@code initial_state[layer][k]}
 * @param elements number of elements compared
 * @param maxRelativeError largest {@code |a - n| / max(|a|, |n|, 1e-8)} over the elements whose
 *     absolute error is at least the absolute tolerance; 0 when there are none
 * @param maxAbsoluteError largest {@code |a - n|} over all elements
 * @param worstRow row of the element with the largest relative error, or -1
 * @param worstCol column of that element, or -1
 * @param analytic analytic gradient at the worst element
 * @param numeric numerical gradient at the worst element
 * @param kinks number of elements within one step of a kink in the loss, whose analytic gradient
 *     matched a one-sided difference instead of the central one (see {@link GradientChecker})
 * @param passed whether every element is within tolerance
 */
public record GradientCheck(String name, int elements, double maxRelativeError, double maxAbsoluteError, int worstRow,
        int worstCol, double analytic, double numeric, int kinks, boolean passed) {

    /** One line for logs and test failures. */
    public String describe() {
        String line = String.format("%s: %s, max relative error %.3e at (%d, %d) (analytic %.10e, numeric %.10e),"
                + " max absolute error %.3e over %s", name, passed ? "pass" : "FAIL", maxRelativeError,
                worstRow, worstCol, analytic, numeric, maxAbsoluteError, Plural.count(elements, "element"));
        return kinks == 0 ? line : line + ", " + Plural.count(kinks, "element") + " at a kink, compared one-sided";
    }
}
