package io.jlstm.examples.cli;

import io.jlstm.examples.ui.TextTable;
import io.jlstm.training.backend.BackendDescription;
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
        List<BackendDescription> backends = Backends.describe();
        PrintWriter out = spec.commandLine().getOut();
        if (backends.isEmpty()) {
            out.println("no backend found on the class path; add lstm-backend-scalar or lstm-backend-ejml");
            out.flush();
            return ExitCodes.FAILED;
        }
        TextTable table = TextTable.text("name", "priority", "default", "class", "description");
        for (BackendDescription b : backends) {
            table.add(b.name(), Integer.toString(b.priority()), b.isDefault() ? "yes" : "", b.className(),
                    b.description());
        }
        out.print(table.render());
        out.flush();
        return ExitCodes.OK;
    }
}
