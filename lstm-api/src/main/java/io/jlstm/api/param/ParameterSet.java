package io.jlstm.api.param;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters in a stable order, keyed by their full names (module path plus PyTorch name, for
 * example {@code lstm.weight_ih_l0} or {@code head.weight}).
 *
 * <p>The order is the order of insertion; optimizers, checkpoints and model files rely on it.
 */
public final class ParameterSet implements Iterable<Parameter> {

    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    /**
     * Adds a parameter under {@code prefix + parameter.name()}.
     *
     * @throws IllegalArgumentException if that full name is already taken
     */
    public ParameterSet add(String prefix, Parameter parameter) {
        String fullName = prefix.isEmpty() ? parameter.name() : prefix + "." + parameter.name();
        if (byName.containsKey(fullName)) {
            throw new IllegalArgumentException("duplicate parameter name '" + fullName + "'");
        }
        byName.put(fullName, parameter);
        return this;
    }

    /** Adds every parameter of {@code parameters} with {@code prefix} in front of its name. */
    public ParameterSet addAll(String prefix, Iterable<Parameter> parameters) {
        for (Parameter p : parameters) {
            add(prefix, p);
        }
        return this;
    }

    /**
     * Returns the parameter with full name {@code name}.
     *
     * @throws IllegalArgumentException naming the known names if there is none
     */
    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; known names: " + byName.keySet());
        }
        return p;
    }

    /** Returns whether a parameter has the full name {@code name}. */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** Full names in order. */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
    }

    /** Full name to parameter, in order. */
    public Map<String, Parameter> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    /** Number of parameters (tensors, not elements). */
    public int size() {
        return byName.size();
    }

    /** Total number of scalar elements over all parameters. */
    public long elementCount() {
        long n = 0;
        for (Parameter p : byName.values()) {
            n += p.value().size();
        }
        return n;
    }

    /** Sets every gradient to zero. */
    public void zeroGradients() {
        for (Parameter p : byName.values()) {
            p.zeroGradient();
        }
    }

    @Override
    public Iterator<Parameter> iterator() {
        return Collections.unmodifiableCollection(byName.values()).iterator();
    }
}
