package io.jlstm.examples.cli;

import io.jlstm.training.bench.BenchmarkResult;
import io.jlstm.training.bench.TrainingBenchmark;
import io.jlstm.training.bench.Workload;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code jlstm bench}: times training steps of a benchmark workload on a backend and prints a
 * summary followed by one JSON line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time training steps (forward, backward, SGD update) of an LSTM workload on a backend.",
                "Prints a summary, then the result as one JSON object on the last line.",
                "Workloads (I, H, O, B, T): small (8, 32, 8, 16, 50), medium (64, 256, 64, 32, 100),"
                        + " large (256, 512, 256, 64, 100)."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--workload", required = true, paramLabel = "NAME",
            description = "Workload: small, medium or large.")
    String workload;

    @Option(names = "--backend", required = true, paramLabel = "NAME",
            description = "Backend provider name, such as blas, ejml or scalar (see: jlstm backends).")
    String backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads one backend operation may use. Default: one per processor (${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
            description = "Timed training steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "3",
            description = "Untimed warm-up steps before the timed ones, at least. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "5",
            description = "Minimum seconds of warm-up, so that the JIT compiler has compiled the step; the warm-up"
                    + " runs until both --warmup steps and this time have passed. 0 turns the time floor off."
                    + " Default: ${DEFAULT-VALUE}.")
    double warmupSeconds;

    @Override
    public Integer call() {
        TrainingBenchmark benchmark;
        try {
            benchmark = TrainingBenchmark.of(Workload.parse(workload), backend, threads, warmup, warmupSeconds, steps);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }

        BenchmarkResult result = benchmark.run();
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.summary());
        out.println(result.toJson());
        out.flush();
        return ExitCodes.OK;
    }
}
