#!/usr/bin/env python3
"""PyTorch side of recur.bench.SoftmaxBench: the output projection of a language model and its
cross-entropy, forward + backward, on CPU.

    softmax_peer.py --threads N [--positions 700] [--vocab 10000] [--hidden 200,650]
                    [--warmup 3] [--samples 7] [--budget 20]

logits = nn.Linear(H, V)(x) for x (positions, H) that takes a gradient (in a model it is the RNN
output), loss = F.cross_entropy(logits, targets) with uniformly random targets, then backward.
Each configuration is warmed up for --warmup seconds, then timed --samples times (fewer if
--budget seconds run out, at least one); the median is reported.

Debian's torch computes nn.Linear with OpenBLAS, whose thread pool is fixed when the library
loads, so run one process per thread count with OPENBLAS_NUM_THREADS=N (SoftmaxBench does);
torch.set_num_threads(N) sets the OpenMP pool for everything else. Prints one JSON line per
hidden size: {"hidden", "threads", "ms", "samples", "loss", "torch"}.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F


def measure(n, v, h, warmup, samples, budget):
    torch.manual_seed(1000 + h)  # nn.Linear draws its initial weights from the global generator
    gen = torch.Generator().manual_seed(1000 + h)
    lin = torch.nn.Linear(h, v)
    x = torch.randn(n, h, generator=gen).requires_grad_(True)
    targets = torch.randint(0, v, (n,), generator=gen)

    def step():
        lin.zero_grad(set_to_none=True)
        x.grad = None
        loss = F.cross_entropy(lin(x), targets)
        loss.backward()
        return loss.item()

    start = time.perf_counter()
    loss = step()
    while time.perf_counter() - start < warmup:
        loss = step()
    times = []
    start = time.perf_counter()
    while len(times) < samples and (not times or time.perf_counter() - start < budget):
        t0 = time.perf_counter()
        loss = step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3, len(times), loss


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--threads', type=int, required=True)
    ap.add_argument('--positions', type=int, default=700)
    ap.add_argument('--vocab', type=int, default=10000)
    ap.add_argument('--hidden', default='200,650')
    ap.add_argument('--warmup', type=float, default=3.0)
    ap.add_argument('--samples', type=int, default=7)
    ap.add_argument('--budget', type=float, default=20.0)
    a = ap.parse_args()
    blas = os.environ.get('OPENBLAS_NUM_THREADS')
    if blas != str(a.threads):
        print(f'softmax_peer.py: warning: OPENBLAS_NUM_THREADS={blas} but --threads {a.threads}', file=sys.stderr)
    torch.set_num_threads(a.threads)
    first = True
    for h in (int(s) for s in a.hidden.split(',')):
        ms, k, loss = measure(a.positions, a.vocab, h, a.warmup if first else min(a.warmup, 1.0), a.samples, a.budget)
        first = False
        print(json.dumps({'hidden': h, 'threads': a.threads, 'ms': round(ms, 4), 'samples': k,
                          'loss': round(loss, 5), 'torch': torch.__version__}), flush=True)


if __name__ == '__main__':
    main()
