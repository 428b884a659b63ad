package io.jlstm.benchmarks;

import io.jlstm.training.bench.BenchmarkResult;
import io.jlstm.training.bench.TrainingBenchmark;
import io.jlstm.training.bench.Workload;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link TrainingBenchmark} from the benchmarks jar, with the options of {@code jlstm bench}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp lstm-benchmarks/target/benchmarks.jar io.jlstm.benchmarks.BenchMain \
 *     --workload medium --backend blas [--threads N] [--steps N] [--warmup N] [--warmup-seconds S]
 * </pre>
 *
 * <p>Prints the summary and, as the last line, the result as one JSON object. Exits with status 2
 * on an invalid option.
 */
public final class BenchMain {

    private static final List<String> OPTIONS = List.of("--workload", "--backend", "--threads", "--steps", "--warmup",
            "--warmup-seconds");

    private BenchMain() {
    }

    /** Parses the options, runs the benchmark and prints the result. */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("invalid option '" + args[i] + "'; expected " + OPTIONS
                            + ", each followed by a value");
                }
                options.put(args[i], args[i + 1]);
            }
            Workload workload = Workload.parse(options.getOrDefault("--workload", "small"));
            String backend = options.getOrDefault("--backend", "blas");
            int threads = Integer.parseInt(options.getOrDefault("--threads",
                    String.valueOf(Runtime.getRuntime().availableProcessors())));
            int steps = Integer.parseInt(options.getOrDefault("--steps", "10"));
            int warmup = Integer.parseInt(options.getOrDefault("--warmup", "3"));
            double warmupSeconds = Double.parseDouble(options.getOrDefault("--warmup-seconds", "5"));

            BenchmarkResult result = TrainingBenchmark.of(workload, backend, threads, warmup, warmupSeconds, steps)
                    .run();
            System.out.println(result.summary());
            System.out.println(result.toJson());
        } catch (IllegalArgumentException e) {
            System.err.println("jlstm bench: " + e.getMessage());
            System.exit(2);
        }
    }
}
