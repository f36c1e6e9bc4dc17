#!/usr/bin/python3
"""The PyTorch side of recur.nn.TcnBench: the same TCN (locuslab blocks, weight norm, dropout 0.1,
input width = every level's width, so no downsample), forward and backward of sum(y), one thread.

Usage: /usr/bin/python3 src/test/python/bench_tcn.py BATCH STEPS CHANNELS LEVELS KERNEL REPS
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import weight_norm


class Block(nn.Module):
    def __init__(self, c, k, dilation):
        super().__init__()
        self.pad = (k - 1) * dilation
        self.conv1 = weight_norm(nn.Conv1d(c, c, k, padding=self.pad, dilation=dilation))
        self.conv2 = weight_norm(nn.Conv1d(c, c, k, padding=self.pad, dilation=dilation))
        self.dropout = nn.Dropout(0.1)

    def forward(self, x):
        h = self.dropout(F.relu(self.conv1(x)[:, :, :-self.pad]))
        h = self.dropout(F.relu(self.conv2(h)[:, :, :-self.pad]))
        return F.relu(h + x)


def main():
    nb, nt, c, levels, k, reps = map(int, sys.argv[1:7])
    torch.set_num_threads(1)
    net = nn.Sequential(*[Block(c, k, 2 ** i) for i in range(levels)])
    x = torch.randn(nb, nt, c)
    fwd, bwd = [], []
    for r in range(-reps, reps):
        t0 = time.perf_counter()
        y = net(x.transpose(1, 2)).transpose(1, 2)
        t1 = time.perf_counter()
        y.sum().backward()
        t2 = time.perf_counter()
        if r >= 0:
            fwd.append((t1 - t0) * 1e3)
            bwd.append((t2 - t1) * 1e3)
    fwd.sort()
    bwd.sort()
    print(f"torch {torch.__version__} B={nb} T={nt} C={c} L={levels} K={k} threads=1: "
          f"forward {fwd[reps // 2]:.1f} ms, backward {bwd[reps // 2]:.1f} ms (median of {reps})")


if __name__ == "__main__":
    main()
