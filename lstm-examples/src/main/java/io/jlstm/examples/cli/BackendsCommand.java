package io.jlstm.examples.cli;

import io.jlstm.api.tensor.BackendProvider;
import io.jlstm.examples.ui.TextTable;
import io.jlstm.training.backend.Backends;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jlstm backends}: the backend providers on the class path and the default. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the math backends found on the class path; the default is the highest priority.")
final class BackendsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<BackendProvider> providers = Backends.available();
        PrintWriter out = spec.commandLine().getOut();
        if (providers.isEmpty()) {
            out.println("no backend found on the class path");
            out.flush();
            return ExitCodes.FAILED;
        }
        String defaultName = Backends.defaultProvider().name();
        TextTable table = TextTable.text("name", "priority", "default", "class", "description");
        for (BackendProvider p : providers) {
            table.add(p.name(), Integer.toString(p.priority()), p.name().equals(defaultName) ? "yes" : "",
                    p.getClass().getName(), p.description());
        }
        out.print(table.render());
        out.flush();
        return ExitCodes.OK;
    }
}
