package io.jlstm.training.backend;

/**
 * One backend provider found on the class path, as backend listings show it.
 *
 * @param name the value to write in the {@code backend} configuration key
 * @param className fully qualified class name of the provider
 * @param description the provider's one-line description
 * @param priority the provider's priority; the highest one is the default
 * @param isDefault whether this provider is used when the configuration names no backend
 */
public record BackendDescription(String name, String className, String description, int priority,
        boolean isDefault) {
}
