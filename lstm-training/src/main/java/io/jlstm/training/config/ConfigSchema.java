package io.jlstm.training.config;

import io.jlstm.training.backend.BackendKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The set of keys a configuration may contain. Any other key in a file or flag is rejected, with
 * the closest known key suggested.
 */
public final class ConfigSchema {

    private final Map<String, ConfigKey> keys;

    private ConfigSchema(Map<String, ConfigKey> keys) {
        this.keys = keys;
    }

    /** A schema of the given keys. */
    public static ConfigSchema of(Collection<ConfigKey> keys) {
        return new ConfigSchema(index(keys));
    }

    /** The keys of {@link CoreKeys}, {@link TrainingKeys}, {@link ModelKeys} and {@link BackendKeys}. */
    public static ConfigSchema core() {
        List<ConfigKey> keys = new ArrayList<>(CoreKeys.all());
        keys.addAll(TrainingKeys.all());
        keys.addAll(ModelKeys.all());
        keys.addAll(BackendKeys.all());
        keys.addAll(SafetyKeys.all());
        return of(keys);
    }

    /**
     * Returns this schema extended by {@code more}; a key already present is replaced by the new
     * definition, so an application can narrow the choices or change the default of a core key.
     */
    public ConfigSchema with(Collection<ConfigKey> more) {
        Map<String, ConfigKey> merged = new LinkedHashMap<>(keys);
        for (ConfigKey k : more) {
            merged.put(k.name(), k);
        }
        return new ConfigSchema(merged);
    }

    /** Returns the key named {@code name}, or {@code null}. */
    public ConfigKey find(String name) {
        return keys.get(name);
    }

    /** All keys in documentation order. */
    public List<ConfigKey> keys() {
        return Collections.unmodifiableList(new ArrayList<>(keys.values()));
    }

    /** Returns the known key closest to {@code name} by edit distance. */
    public String closest(String name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : keys.keySet()) {
            int d = editDistance(name, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Returns the Levenshtein distance between {@code a} and {@code b}. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Map<String, ConfigKey> index(Collection<ConfigKey> keys) {
        Map<String, ConfigKey> map = new LinkedHashMap<>();
        for (ConfigKey k : keys) {
            if (map.put(k.name(), k) != null) {
                throw new IllegalArgumentException("configuration key '" + k.name() + "' is defined twice");
            }
        }
        return map;
    }
}
