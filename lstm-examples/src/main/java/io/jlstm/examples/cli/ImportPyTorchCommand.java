package io.jlstm.examples.cli;

import io.jlstm.api.tensor.Backend;
import io.jlstm.training.ModelSpec;
import io.jlstm.training.backend.Backends;
import io.jlstm.training.pytorch.PyTorchImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jlstm import-pytorch}: a model directory built from a PyTorch state dict. */
@Command(name = "import-pytorch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build a model directory from the state dict of a PyTorch module with one nn.LSTM (or nn.GRU)"
                + " and one nn.Linear attribute, saved as safetensors.",
                "Sizes and layers come from the tensor shapes; the model keeps the original tensor names."})
final class ImportPyTorchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--weights", paramLabel = "FILE", required = true,
            description = "State dict as safetensors (F64 or F32), for example from"
                    + " safetensors.torch.save_file(model.state_dict(), FILE)")
    Path weights;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Model directory to write (weights.safetensors and model.json)")
    Path out;

    @Option(names = "--force",
            description = "Replace the model in --out if that directory is not empty; without it, such a directory"
                    + " is rejected")
    boolean force;

    @Option(names = "--cell", paramLabel = "lstm|gru",
            description = "Recurrent cell type (default: from weight_hh_l0, [4H, H] for lstm, [3H, H] for gru)")
    String cell;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend that builds the model, by provider name (default: the highest-priority provider)")
    String backend;

    @Override
    public Integer call() throws Exception {
        if (cell != null && !PyTorchImport.GATE_BLOCKS.containsKey(cell)) {
            throw new ParameterException(spec.commandLine(), "invalid value '" + cell + "' for option '--cell':"
                    + " expected one of " + String.join(", ", new TreeSet<>(PyTorchImport.GATE_BLOCKS.keySet())));
        }
        CliFiles.requireFile(spec, "--weights", weights);
        CliFiles.requireModelOutput(spec, out, force);
        Backend modelBackend = backend == null ? Backends.defaultProvider().create()
                : Backends.byName(backend).create();

        ModelSpec imported = PyTorchImport.importFile(weights, cell, out, modelBackend).spec();

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("imported %s model (input %d, hidden %d, output %d, %d layer%s; modules %s and %s) to %s%n",
                imported.cell(), imported.inputSize(), imported.hiddenSize(), imported.outputSize(),
                imported.layers(), imported.layers() == 1 ? "" : "s", imported.recurrentName(), imported.headName(),
                out);
        stdout.flush();
        return ExitCodes.OK;
    }
}
