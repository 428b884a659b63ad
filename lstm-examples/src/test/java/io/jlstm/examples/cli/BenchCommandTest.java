package io.jlstm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "bench";
        System.arraycopy(args, 0, command, 1, args.length);
        return JlstmCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), command);
    }

    @Test
    void lastLineIsJsonResult() throws Exception {
        int status = run("--workload", "small", "--backend", "scalar", "--threads", "1", "--steps", "2",
                "--warmup", "0", "--warmup-seconds", "0");

        assertThat(status).isZero();
        String[] lines = out.toString().strip().split("\\R");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(json.get("workload").asText()).isEqualTo("small");
        assertThat(json.get("backend").asText()).isEqualTo("scalar");
        assertThat(json.get("threads").asInt()).isEqualTo(1);
        assertThat(json.get("steps").asInt()).isEqualTo(2);
        assertThat(json.get("warmup").asInt()).isZero();
        assertThat(json.get("median_step_seconds").asDouble()).isPositive();
        assertThat(json.get("steps_per_second").asDouble()).isPositive();
        assertThat(json.get("gflops_per_second").asDouble()).isPositive();
        assertThat(out.toString()).contains("steps/s");
    }

    @Test
    void unknownWorkloadIsUsageError() {
        int status = run("--workload", "huge", "--backend", "scalar");

        assertThat(status).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("unknown workload 'huge'; expected one of small, medium, large");
    }

    @Test
    void unknownBackendListsAvailable() {
        int status = run("--workload", "small", "--backend", "cuda");

        assertThat(status).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("unknown backend 'cuda'").contains("scalar");
    }

    @Test
    void tooManyThreadsRejected() {
        int status = run("--workload", "small", "--backend", "ejml", "--threads", "100000");

        assertThat(status).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("threads must be between 1 and 4096, but is 100000");
    }

    @Test
    void zeroStepsRejected() {
        int status = run("--workload", "small", "--backend", "scalar", "--steps", "0");

        assertThat(status).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("timed steps must be at least 1, but is 0");
    }

    @Test
    void negativeWarmupSecondsRejected() {
        int status = run("--workload", "small", "--backend", "scalar", "--warmup-seconds", "-1");

        assertThat(status).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("warm-up seconds must be a finite number of at least 0, but is -1.0");
    }
}
