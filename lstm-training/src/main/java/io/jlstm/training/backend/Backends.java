package io.jlstm.training.backend;

import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.training.config.ConfigException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Discovers backend providers on the class path through {@link ServiceLoader}. */
public final class Backends {

    private Backends() {
    }

    /** Every provider found, highest priority first, then by name. */
    public static List<BackendProvider> available() {
        return sorted(ServiceLoader.load(BackendProvider.class));
    }

    private static List<BackendProvider> sorted(Iterable<BackendProvider> found) {
        List<BackendProvider> providers = new ArrayList<>();
        for (BackendProvider p : found) {
            providers.add(p);
        }
        providers.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                .thenComparing(BackendProvider::name));
        return providers;
    }

    /**
     * The provider used when the configuration names none: the one with the highest priority.
     *
     * @throws ConfigException if no provider is on the class path
     */
    public static BackendProvider defaultProvider() {
        List<BackendProvider> providers = available();
        if (providers.isEmpty()) {
            throw new ConfigException("no jLSTM backend found on the class path; add lstm-backend-scalar or"
                    + " lstm-backend-ejml as a dependency");
        }
        return providers.get(0);
    }

    /**
     * Returns the provider named {@code name}.
     *
     * @throws ConfigException listing the available names if there is none
     */
    public static BackendProvider byName(String name) {
        return byName(name, null);
    }

    /**
     * Returns the provider named {@code name}. The error message names {@code origin}, the source
     * of the name (such as {@code environment variable JLSTM_BACKEND}), unless it is {@code null}.
     *
     * @throws ConfigException naming {@code name}, its origin and the available names if there is
     *     no such provider
     */
    public static BackendProvider byName(String name, String origin) {
        return byName(name, origin, ServiceLoader.load(BackendProvider.class));
    }

    /** {@link #byName(String, String)} over {@code providers} instead of the class path's. */
    static BackendProvider byName(String name, String origin, Iterable<BackendProvider> providers) {
        // Matches by name before asking for priorities, because a provider may load a native
        // library to know its priority; the blas provider does.
        List<BackendProvider> matches = new ArrayList<>();
        for (BackendProvider p : providers) {
            if (p.name().equals(name)) {
                matches.add(p);
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (!matches.isEmpty()) {
            matches.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
            return matches.get(0);
        }
        String from = origin == null ? "" : " (key 'backend', from " + origin + ")";
        throw new ConfigException("unknown backend '" + name + "'" + from + "; available backends: "
                + names(sorted(providers)) + ". Set 'backend' to one of these, or add the backend's jar to the class"
                + " path");
    }

    /**
     * Describes every provider found, highest priority first; the first one is marked as the
     * default. Returns an empty list when no provider is on the class path.
     */
    public static List<BackendDescription> describe() {
        List<BackendProvider> providers = available();
        List<BackendDescription> descriptions = new ArrayList<>();
        for (int k = 0; k < providers.size(); k++) {
            BackendProvider p = providers.get(k);
            descriptions.add(new BackendDescription(p.name(), p.getClass().getName(), p.description(), p.priority(),
                    k == 0));
        }
        return descriptions;
    }

    /** Comma-separated names of {@code providers}, or {@code (none)}. */
    public static String names(List<BackendProvider> providers) {
        if (providers.isEmpty()) {
            return "(none)";
        }
        return providers.stream().map(BackendProvider::name).collect(Collectors.joining(", "));
    }
}
