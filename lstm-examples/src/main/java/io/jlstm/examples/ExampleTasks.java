package io.jlstm.examples;

import io.jlstm.examples.forecast.ForecastTask;
import io.jlstm.examples.text.TextTask;
import io.jlstm.training.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Registry of the tasks of the {@code jlstm} command, by name. Register a new task with one line in {@link #all()}. */
public final class ExampleTasks {

    private ExampleTasks() {
    }

    /** Returns every task by name. */
    public static Map<String, ExampleTask> all() {
        Map<String, ExampleTask> tasks = new LinkedHashMap<>();
        tasks.put("forecast", new ForecastTask());
        tasks.put("text", new TextTask());
        return tasks;
    }

    /**
     * Returns the task named {@code name}.
     *
     * @param origin where the name came from, for the error message
     * @throws ConfigException naming the value and the known tasks
     */
    public static ExampleTask get(String name, String origin) {
        ExampleTask task = all().get(name);
        if (task == null) {
            throw new ConfigException("unknown task '" + name + "' (" + origin + "); available tasks: "
                    + String.join(", ", all().keySet()));
        }
        return task;
    }
}
