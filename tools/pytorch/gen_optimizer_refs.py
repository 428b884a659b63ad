#!/usr/bin/python3
"""Write PyTorch reference values for the jLSTM optimizer, schedule and clipping tests.

Run with Debian's python3-torch (PyTorch 1.13):

    /usr/bin/python3 tools/pytorch/gen_optimizer_refs.py

It overwrites lstm-training/src/test/resources/io/jlstm/training/pytorch/optimizer_refs.json.
Every optimizer starts from the same two float64 parameters, receives the same fixed gradient on
each of 5 steps, and the parameters after every step plus the final state buffers are recorded.
The single-tensor implementations are used (foreach=False), whose per-element formulas the Java
optimizers follow. Gradients are fixed instead of computed, so the test checks the update rules
alone.
"""
import json
import math
import os

import torch

STEPS = 5
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lstm-training", "src", "test",
                   "resources", "io", "jlstm", "training", "pytorch", "optimizer_refs.json")


def initial_parameters():
    weight = torch.tensor([[0.5, -1.25, 2.0], [-0.75, 0.125, 1.5]], dtype=torch.float64)
    bias = torch.tensor([0.25, -0.5, 1.0], dtype=torch.float64)
    return {"weight": weight, "bias": bias}


def fixed_gradients():
    """One gradient per step and parameter, of mixed signs and magnitudes, drawn once."""
    generator = torch.Generator().manual_seed(20240611)
    steps = []
    for step in range(STEPS):
        scale = 10.0 ** (step % 3 - 1)
        steps.append({
            "weight": torch.randn(2, 3, generator=generator, dtype=torch.float64) * scale,
            "bias": torch.randn(3, generator=generator, dtype=torch.float64) * scale,
        })
    return steps


OPTIMIZERS = [
    ("sgd", "sgd", dict(lr=0.1)),
    ("sgd-momentum", "sgd", dict(lr=0.1, momentum=0.9)),
    ("sgd-dampening-decay", "sgd", dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.01)),
    ("sgd-nesterov", "sgd", dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.001)),
    ("adam", "adam", dict(lr=0.01)),
    ("adam-decay", "adam", dict(lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1)),
    ("adamw", "adamw", dict(lr=0.01)),
    ("adamw-decay", "adamw", dict(lr=0.05, betas=(0.85, 0.995), eps=1e-7, weight_decay=0.3)),
    ("rmsprop", "rmsprop", dict(lr=0.01)),
    ("rmsprop-centered-momentum", "rmsprop", dict(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True,
                                                  weight_decay=0.01)),
    ("adagrad", "adagrad", dict(lr=0.1)),
    ("adagrad-decay", "adagrad", dict(lr=0.1, lr_decay=0.05, weight_decay=0.02, initial_accumulator_value=0.1,
                                      eps=1e-8)),
]

CLASSES = {
    "sgd": torch.optim.SGD,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
    "rmsprop": torch.optim.RMSprop,
    "adagrad": torch.optim.Adagrad,
}


def rows(t):
    """A tensor as a flat list of Python floats in row-major order."""
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run_optimizer(kind, options, gradients):
    params = initial_parameters()
    tensors = [params["weight"].clone().requires_grad_(True), params["bias"].clone().requires_grad_(True)]
    optimizer = CLASSES[kind](tensors, foreach=False, **options)
    after = []
    for step in range(STEPS):
        tensors[0].grad = gradients[step]["weight"].clone()
        tensors[1].grad = gradients[step]["bias"].clone()
        optimizer.step()
        after.append({"weight": rows(tensors[0]), "bias": rows(tensors[1])})
    state = {}
    for name, tensor in zip(["weight", "bias"], tensors):
        buffers = {}
        for key, value in optimizer.state[tensor].items():
            if key != "step" and value is not None:
                buffers[key] = rows(value)
        state[name] = buffers
    return after, state


def schedule_cases():
    """Learning rates of torch.optim.lr_scheduler over 15 epochs, stepped once per epoch."""
    def run(make, epochs=15, metrics=None):
        p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.SGD([p], lr=0.1)
        scheduler = make(optimizer)
        lrs = [optimizer.param_groups[0]["lr"]]
        for epoch in range(epochs):
            optimizer.step()
            if metrics is None:
                scheduler.step()
            else:
                scheduler.step(metrics[epoch])
            lrs.append(optimizer.param_groups[0]["lr"])
        return lrs

    s = torch.optim.lr_scheduler
    plateau_metrics = [1.0, 0.9, 0.95, 0.9, 0.91, 0.899, 0.8999, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.92]
    return [
        {"name": "step", "options": {"step-size": 3, "gamma": 0.5},
         "lrs": run(lambda o: s.StepLR(o, step_size=3, gamma=0.5))},
        {"name": "exponential", "options": {"gamma": 0.9},
         "lrs": run(lambda o: s.ExponentialLR(o, gamma=0.9))},
        {"name": "cosine", "options": {"t-max": 5, "eta-min": 0.001},
         "lrs": run(lambda o: s.CosineAnnealingLR(o, T_max=5, eta_min=0.001))},
        {"name": "warmup", "options": {"warmup": 4, "warmup-start-factor": 1.0 / 3.0},
         "lrs": run(lambda o: s.LinearLR(o, start_factor=1.0 / 3.0, total_iters=4))},
        {"name": "warmup+step", "options": {"warmup": 3, "warmup-start-factor": 0.25, "step-size": 2, "gamma": 0.5},
         "lrs": run(lambda o: s.ChainedScheduler([s.LinearLR(o, start_factor=0.25, total_iters=3),
                                                   s.StepLR(o, step_size=2, gamma=0.5)]))},
        {"name": "plateau", "options": {"factor": 0.5, "patience": 1, "threshold": 1e-4, "cooldown": 1,
                                        "min-lr": 0.02},
         "metrics": plateau_metrics,
         "lrs": run(lambda o: s.ReduceLROnPlateau(o, factor=0.5, patience=1, threshold=1e-4, cooldown=1,
                                                  min_lr=0.02), metrics=plateau_metrics)},
    ]


def clipping_cases():
    """Gradients before and after torch.nn.utils.clip_grad_norm_, with the returned total norm."""
    cases = []
    generator = torch.Generator().manual_seed(7)
    for max_norm in [0.5, 2.0, 100.0]:
        a = torch.randn(3, 4, generator=generator, dtype=torch.float64)
        b = torch.randn(4, generator=generator, dtype=torch.float64)
        pa = torch.zeros(3, 4, dtype=torch.float64, requires_grad=True)
        pb = torch.zeros(4, dtype=torch.float64, requires_grad=True)
        pa.grad = a.clone()
        pb.grad = b.clone()
        total = torch.nn.utils.clip_grad_norm_([pa, pb], max_norm)
        cases.append({"max_norm": max_norm, "before": {"weight": rows(a), "bias": rows(b)},
                      "after": {"weight": rows(pa.grad), "bias": rows(pb.grad)}, "total_norm": float(total)})
    return cases


def main():
    torch.set_default_dtype(torch.float64)
    gradients = fixed_gradients()
    initial = initial_parameters()
    cases = []
    for case_name, kind, options in OPTIMIZERS:
        after, state = run_optimizer(kind, options, gradients)
        json_options = {k: (list(v) if isinstance(v, tuple) else v) for k, v in options.items()}
        cases.append({"name": case_name, "optimizer": kind, "options": json_options, "after": after, "state": state})
    document = {
        "generator": "tools/pytorch/gen_optimizer_refs.py",
        "torch_version": torch.__version__,
        "shapes": {"weight": [2, 3], "bias": [3]},
        "initial": {name: rows(t) for name, t in initial.items()},
        "gradients": [{name: rows(t) for name, t in step.items()} for step in gradients],
        "optimizers": cases,
        "schedules": schedule_cases(),
        "clipping": clipping_cases(),
    }
    for case in document["schedules"]:
        assert all(math.isfinite(v) for v in case["lrs"])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
