package io.jlstm.api.cell;

import io.jlstm.api.tensor.Backend;
import java.util.Collection;
import java.util.Collections;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cell types available by name: every {@link CellFactory} on the class path, found through
 * {@link ServiceLoader}. Immutable once built.
 */
public final class CellRegistry {

    private final TreeMap<String, CellFactory> factories;

    private CellRegistry(TreeMap<String, CellFactory> factories) {
        this.factories = factories;
    }

    /**
     * Finds every factory registered on the class path of the thread's context class loader (or,
     * when there is none, this class's loader).
     *
     * @throws IllegalStateException if two factories claim the same name
     */
    public static CellRegistry discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CellRegistry.class.getClassLoader();
        }
        TreeMap<String, CellFactory> found = new TreeMap<>();
        for (CellFactory factory : ServiceLoader.load(CellFactory.class, loader)) {
            register(found, factory);
        }
        return new CellRegistry(found);
    }

    /**
     * A registry of exactly {@code factories}, for tests and for applications that build their own.
     *
     * @throws IllegalStateException if two factories claim the same name
     */
    public static CellRegistry of(Collection<? extends CellFactory> factories) {
        TreeMap<String, CellFactory> map = new TreeMap<>();
        for (CellFactory factory : factories) {
            register(map, factory);
        }
        return new CellRegistry(map);
    }

    private static void register(TreeMap<String, CellFactory> map, CellFactory factory) {
        CellFactory previous = map.putIfAbsent(factory.name(), factory);
        if (previous != null) {
            throw new IllegalStateException("cell type '" + factory.name() + "' is registered twice, by "
                    + previous.getClass().getName() + " and " + factory.getClass().getName()
                    + "; remove one of them from META-INF/services/" + CellFactory.class.getName());
        }
    }

    /** Registered names, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(factories.keySet());
    }

    /** Returns whether a cell type is registered under {@code name}. */
    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /**
     * Returns the factory registered under {@code name}.
     *
     * @throws IllegalArgumentException naming the registered types if there is none
     */
    public CellFactory get(String name) {
        CellFactory factory = factories.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown cell type '" + name + "'; registered cell types: "
                    + String.join(", ", factories.keySet()) + ". A cell from another jar needs an entry in"
                    + " META-INF/services/" + CellFactory.class.getName());
        }
        return factory;
    }

    /**
     * Creates a cell of type {@code name}.
     *
     * @throws IllegalArgumentException if the type is unknown, or a projection is requested from a
     *     type that does not support one
     */
    public RecurrentCell create(String name, Backend backend, CellSpec spec) {
        CellFactory factory = get(name);
        if (spec.hasProjection() && !factory.supportsProjection()) {
            throw new IllegalArgumentException("cell type '" + name + "' does not support a projection, but"
                    + " projection size " + spec.projectionSize() + " was requested; use projection size 0"
                    + " or a cell type that supports it (lstm)");
        }
        return factory.create(backend, spec);
    }
}
