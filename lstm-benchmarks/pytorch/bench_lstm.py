"""Times the jLSTM benchmark workloads in PyTorch, for side-by-side comparisons.

One training step is forward, backward and an SGD update of an nn.LSTM (one layer) with an
nn.Linear head on random float64 data, MSE loss, the same as TrainingStep in lstm-training. Prints
one JSON object per run with the fields of `jlstm bench`.

    python3 bench_lstm.py --workload medium --threads 1 [--steps 10] [--warmup 5]

Debian's python3-torch calls the system BLAS (libblas.so.3): OpenBLAS when libopenblas0 is
installed, otherwise the reference BLAS. LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas selects
the reference BLAS for one process while OpenBLAS is installed.
"""

import argparse
import json
import statistics
import time

import torch

WORKLOADS = {
    "small": (8, 32, 8, 16, 50),
    "medium": (64, 256, 64, 32, 100),
    "large": (256, 512, 256, 64, 100),
}


def training_flops(i, h, o, b, t):
    forward = t * 2 * b * (i + h) * 4 * h + t * 2 * b * h * o
    return 3 * forward


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=sorted(WORKLOADS), default="small")
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads value")
    parser.add_argument("--steps", type=int, default=10, help="timed training steps")
    parser.add_argument("--warmup", type=int, default=3, help="untimed steps before the timed ones")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    i, h, o, b, t = WORKLOADS[args.workload]
    lstm = torch.nn.LSTM(i, h).double()
    head = torch.nn.Linear(h, o).double()
    parameters = list(lstm.parameters()) + list(head.parameters())
    optimizer = torch.optim.SGD(parameters, lr=1e-3)
    x = torch.rand(t, b, i, dtype=torch.float64) * 2 - 1
    y = torch.rand(t, b, o, dtype=torch.float64) * 2 - 1

    def step():
        optimizer.zero_grad()
        outputs, _ = lstm(x)
        loss = torch.nn.functional.mse_loss(head(outputs), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    for _ in range(args.warmup):
        step()
    seconds = []
    for _ in range(args.steps):
        start = time.perf_counter()
        loss = step()
        seconds.append(time.perf_counter() - start)

    median = statistics.median(seconds)
    print(json.dumps({
        "workload": args.workload,
        "backend": "pytorch-" + torch.__version__,
        "threads": args.threads,
        "warmup": args.warmup,
        "steps": args.steps,
        "median_step_seconds": median,
        "min_step_seconds": min(seconds),
        "steps_per_second": 1 / median,
        "gflops_per_second": training_flops(i, h, o, b, t) / median / 1e9,
        "final_loss": loss,
    }))


if __name__ == "__main__":
    main()
