#!/usr/bin/env python3
"""Generate the PyTorch parity fixtures that jLSTM's tests compare against.

Each case builds, in float64, an nn.LSTM or nn.GRU followed by an nn.Linear head
applied to every time step. It runs the model forward from a given initial state,
takes the mean squared error against a target, backpropagates and makes one
torch.optim.SGD step. The case is written as one safetensors file containing:

  <module>.<name>         the state dict before the step, with PyTorch's names
                          (for example lstm.weight_ih_l0, linear.weight)
  input [T, B, I]         the input sequence, time-major
  target [T, B, O]        the regression target
  h0, c0 [L, B, H]        the initial state (no c0 for GRU)
  output [T, B, O]        the head's output
  h_n, c_n [L, B, H]      the final state (no c_n for GRU)
  loss []                 MSELoss(reduction="mean")
  grad.<key>              the gradient of every state-dict entry
  grad.h0, grad.c0        the gradient of the initial state
  sgd.<key>               every state-dict entry after one SGD step
  adam3.<key>             (cases with a zero initial state only) every entry
                          after three torch.optim.Adam steps with default
                          betas and epsilon on the same full batch

The metadata records the torch version, the case's sizes and settings, and the
state-dict keys in order.

Usage (Debian's python3-torch, no other package needed):

  /usr/bin/python3 tools/pytorch/gen_parity_fixtures.py [OUT_DIR]

OUT_DIR defaults to lstm-testkit/src/main/resources/io/jlstm/testkit/pytorch.
The safetensors files are written with struct and json, so the safetensors
package is not required.
"""

import json
import os
import struct
import sys

import torch
from torch import nn

DEFAULT_OUT = os.path.normpath(os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..",
    "lstm-testkit", "src", "main", "resources", "io", "jlstm", "testkit", "pytorch"))

SGD_LR = 0.1
ADAM_LR = 0.01
ADAM_STEPS = 3

# name, cell, recurrent attribute, head attribute, I, H, O, layers, B, T,
# weight scale (1 = PyTorch's default init), zero initial state
CASES = [
    ("lstm_small", "lstm", "lstm", "linear", 3, 4, 2, 1, 2, 5, 1.0, False),
    ("lstm_two_layers", "lstm", "encoder", "fc", 2, 3, 2, 2, 3, 6, 1.0, False),
    ("lstm_size_one", "lstm", "lstm", "linear", 1, 1, 1, 1, 1, 1, 1.0, False),
    ("lstm_unit_sizes_two_layers", "lstm", "rnn", "out", 1, 1, 1, 2, 1, 7, 1.0, False),
    ("lstm_long", "lstm", "lstm", "linear", 3, 5, 2, 1, 2, 200, 1.0, False),
    ("lstm_saturated", "lstm", "lstm", "linear", 3, 4, 2, 1, 3, 20, 8.0, False),
    ("lstm_zero_state", "lstm", "lstm", "linear", 3, 4, 2, 2, 4, 8, 1.0, True),
    ("gru_small", "gru", "gru", "linear", 3, 4, 2, 1, 2, 5, 1.0, False),
    ("gru_two_layers", "gru", "encoder", "fc", 2, 3, 2, 2, 3, 6, 1.0, False),
    ("gru_size_one", "gru", "gru", "linear", 1, 1, 1, 1, 1, 1, 1.0, False),
    ("gru_long", "gru", "gru", "linear", 3, 5, 2, 1, 2, 200, 1.0, False),
    ("gru_saturated", "gru", "gru", "linear", 3, 4, 2, 1, 3, 20, 8.0, False),
    ("gru_zero_state", "gru", "gru", "linear", 3, 4, 2, 2, 4, 8, 1.0, True),
]


class Net(nn.Module):
    """A recurrent stack and a linear head, under caller-chosen attribute names."""

    def __init__(self, cell, recurrent_name, head_name, i, h, o, layers):
        super().__init__()
        recurrent = nn.LSTM if cell == "lstm" else nn.GRU
        self.recurrent_name = recurrent_name
        self.head_name = head_name
        setattr(self, recurrent_name, recurrent(i, h, num_layers=layers))
        setattr(self, head_name, nn.Linear(h, o))

    def forward(self, x, state):
        out, final = getattr(self, self.recurrent_name)(x, state)
        return getattr(self, self.head_name)(out), final


def build(case, seed):
    name, cell, rname, hname, i, h, o, layers, b, t, scale, zero_state = case
    torch.manual_seed(seed)
    net = Net(cell, rname, hname, i, h, o, layers).double()
    if scale != 1.0:
        with torch.no_grad():
            for p in getattr(net, rname).parameters():
                p.mul_(scale)
    x = torch.randn(t, b, i, dtype=torch.float64) * (2.0 if scale != 1.0 else 1.0)
    target = torch.randn(t, b, o, dtype=torch.float64)
    if zero_state:
        h0 = torch.zeros(layers, b, h, dtype=torch.float64)
        c0 = torch.zeros(layers, b, h, dtype=torch.float64)
    else:
        h0 = torch.randn(layers, b, h, dtype=torch.float64) * 0.5
        c0 = torch.randn(layers, b, h, dtype=torch.float64) * 0.5
    return net, x, target, h0, c0


def run_case(case, seed):
    name, cell, rname, hname, i, h, o, layers, b, t, scale, zero_state = case
    net, x, target, h0, c0 = build(case, seed)
    keys = list(net.state_dict().keys())
    tensors = {}
    for k, v in net.state_dict().items():
        tensors[k] = v.clone()

    h0 = h0.clone().requires_grad_(True)
    c0 = c0.clone().requires_grad_(True)
    state = (h0, c0) if cell == "lstm" else h0
    output, final = net(x, state)
    loss = nn.functional.mse_loss(output, target, reduction="mean")
    optimizer = torch.optim.SGD(net.parameters(), lr=SGD_LR)
    optimizer.zero_grad()
    loss.backward()

    tensors["input"] = x
    tensors["target"] = target
    tensors["h0"] = h0.detach()
    tensors["output"] = output.detach()
    tensors["loss"] = loss.detach()
    tensors["grad.h0"] = h0.grad
    if cell == "lstm":
        tensors["c0"] = c0.detach()
        tensors["h_n"] = final[0].detach()
        tensors["c_n"] = final[1].detach()
        tensors["grad.c0"] = c0.grad
    else:
        tensors["h_n"] = final.detach()
    named = dict(net.named_parameters())
    for k in keys:
        tensors["grad." + k] = named[k].grad.clone()
    optimizer.step()
    for k, v in net.state_dict().items():
        tensors["sgd." + k] = v.clone()

    if zero_state:
        adam_net, _, _, _, _ = build(case, seed)
        adam = torch.optim.Adam(adam_net.parameters(), lr=ADAM_LR)
        for _ in range(ADAM_STEPS):
            adam.zero_grad()
            out, _ = adam_net(x, None)
            nn.functional.mse_loss(out, target, reduction="mean").backward()
            adam.step()
        for k, v in adam_net.state_dict().items():
            tensors["adam3." + k] = v.clone()

    metadata = {
        "torch_version": torch.__version__,
        "generator": "tools/pytorch/gen_parity_fixtures.py",
        "case": name,
        "cell": cell,
        "recurrent_name": rname,
        "head_name": hname,
        "input_size": str(i),
        "hidden_size": str(h),
        "output_size": str(o),
        "layers": str(layers),
        "batch": str(b),
        "steps": str(t),
        "weight_scale": repr(scale),
        "seed": str(seed),
        "loss": "mse_mean",
        "sgd_lr": repr(SGD_LR),
        "state_dict": json.dumps(keys),
    }
    if zero_state:
        metadata["adam_lr"] = repr(ADAM_LR)
        metadata["adam_steps"] = str(ADAM_STEPS)
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Write float64 tensors in the safetensors layout, header padded to 8 bytes."""
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, tensor in tensors.items():
        data = tensor.detach().to(torch.float64).contiguous().numpy().astype("<f8").tobytes()
        header[name] = {
            "dtype": "F64",
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    for index, case in enumerate(CASES):
        tensors, metadata = run_case(case, seed=1000 + index)
        path = os.path.join(out, case[0] + ".safetensors")
        write_safetensors(path, tensors, metadata)
        print(f"{path}: loss {tensors['loss'].item():.17g}")


if __name__ == "__main__":
    main()
