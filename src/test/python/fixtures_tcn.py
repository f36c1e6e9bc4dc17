#!/usr/bin/python3
"""Writes the PyTorch fixtures the TCN tests in src/test/java/recur/nn/TcnTorchTest.java compare with.

Run by hand from the repository root: /usr/bin/python3 src/test/python/fixtures_tcn.py
(needs Debian's python3-torch). Builds the locuslab/TCN architecture (weight-normalised causal
Conv1d pairs with ReLU and dropout, 1x1 downsample when widths differ, dilations 1, 2, 4, ...)
in eval mode, so dropout is off, with weights drawn at a scale where outputs are far from zero,
and records for each case: parameters by their PyTorch names, the input x as (B, T, C), the
output as (B, T, Cout), a fixed projection R of the output and the gradients of sum(out * R)
with respect to x and every parameter.

Files: testdata/torch/tcn_block.json (one block, weight norm and downsample) and
testdata/torch/tcn_stack.json (a 2-level TCN under the module name "tcn").
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import weight_norm


class Block(nn.Module):
    def __init__(self, n_in, n_out, k, dilation, dropout):
        super().__init__()
        self.pad = (k - 1) * dilation
        self.conv1 = weight_norm(nn.Conv1d(n_in, n_out, k, padding=self.pad, dilation=dilation))
        self.conv2 = weight_norm(nn.Conv1d(n_out, n_out, k, padding=self.pad, dilation=dilation))
        self.dropout = nn.Dropout(dropout)
        self.downsample = nn.Conv1d(n_in, n_out, 1) if n_in != n_out else None

    def causal(self, conv, x):
        y = conv(x)
        return y[:, :, :-self.pad] if self.pad else y

    def forward(self, x):  # (B, C, T)
        h = self.dropout(F.relu(self.causal(self.conv1, x)))
        h = self.dropout(F.relu(self.causal(self.conv2, h)))
        res = x if self.downsample is None else self.downsample(x)
        return F.relu(h + res)


class Net(nn.Module):
    """locuslab's TemporalConvNet: blocks in a Sequential called network."""

    def __init__(self, n_in, channels, k, dropout):
        super().__init__()
        blocks = []
        for i, c in enumerate(channels):
            blocks.append(Block(n_in if i == 0 else channels[i - 1], c, k, 2 ** i, dropout))
        self.network = nn.Sequential(*blocks)

    def forward(self, x):
        return self.network(x)


class Wrapper(nn.Module):
    def __init__(self, **named):
        super().__init__()
        for name, m in named.items():
            setattr(self, name, m)
        self.inner = list(named.values())[0]

    def forward(self, x):
        return self.inner(x)


def tensor(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.detach().reshape(-1).tolist()]}


def case(model, batch, steps, channels, gen):
    model.eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("weight_g"):
                p.copy_(torch.rand(p.shape, generator=gen, dtype=torch.float64).float() + 0.5)
            else:
                p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64).float() * 0.5)
    x = torch.randn(batch, steps, channels, generator=gen, dtype=torch.float64).float()
    x.requires_grad_(True)
    out = model(x.transpose(1, 2)).transpose(1, 2)  # (B, T, Cout)
    r = torch.randn(out.shape, generator=gen, dtype=torch.float64).float()
    (out * r).sum().backward()
    return {
        "params": {name: tensor(p) for name, p in model.named_parameters()},
        "x": tensor(x),
        "out": tensor(out),
        "r": tensor(r),
        "grad_x": tensor(x.grad),
        "grads": {name: tensor(p.grad) for name, p in model.named_parameters()},
    }


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
    outdir = os.path.join(root, "testdata", "torch")
    os.makedirs(outdir, exist_ok=True)
    gen = torch.Generator().manual_seed(20180403)

    block = Wrapper(block=Block(3, 5, 3, 2, 0.3))
    data = case(block, 2, 11, 3, gen)
    data.update({"torch": torch.__version__, "in": 3, "out_channels": 5, "kernel": 3, "dilation": 2,
                 "prefix": "block"})
    with open(os.path.join(outdir, "tcn_block.json"), "w") as f:
        json.dump(data, f)

    stack = Wrapper(tcn=Net(3, [4, 4], 2, 0.3))
    data = case(stack, 2, 9, 3, gen)
    data.update({"torch": torch.__version__, "in": 3, "channels": [4, 4], "kernel": 2, "prefix": "tcn"})
    with open(os.path.join(outdir, "tcn_stack.json"), "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    main()
