#!/usr/bin/python3
"""Writes the PyTorch fixtures that recur's layer and optimiser tests agree with.

Run by hand (the Java tests never run Python), from the repository root:

    /usr/bin/python3 src/test/python/fixtures_ops.py

It writes testdata/torch/ops_{cross_entropy,linear,layernorm,optim}.json. Every tensor is
float32 and written as a flat row-major list with its shape; numbers are the exact values of
the float32s, so the Java side reads back the very same inputs.
"""
import json
import os

import torch

OUT = os.path.join("testdata", "torch")


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    print(path, os.path.getsize(path), "bytes")


def cross_entropy():
    cases = []
    gen = torch.Generator().manual_seed(1)
    for n, v, ignore, smoothing in [(6, 7, 0, 0.0), (6, 7, 0, 0.1), (5, 11, -100, 0.25), (4, 5, 3, 0.0)]:
        logits = (torch.randn(n, v, generator=gen) * 3).requires_grad_()
        targets = torch.randint(0, v, (n,), generator=gen)
        targets[1] = ignore
        if n > 4:
            targets[4] = ignore
        loss = torch.nn.functional.cross_entropy(logits, targets, ignore_index=ignore,
                                                 label_smoothing=smoothing, reduction="mean")
        loss.backward()
        cases.append({"ignore_index": ignore, "label_smoothing": smoothing, "logits": t(logits),
                      "targets": targets.tolist(), "loss": float(loss), "dlogits": t(logits.grad)})
    write("ops_cross_entropy.json", {"torch": torch.__version__, "cases": cases})


def linear():
    torch.manual_seed(2)
    layer = torch.nn.Linear(5, 3)
    x = torch.randn(4, 5, requires_grad=True)
    y = layer(x)
    dy = torch.randn(4, 3)
    y.backward(dy)
    write("ops_linear.json", {"torch": torch.__version__, "x": t(x), "weight": t(layer.weight), "bias": t(layer.bias),
                              "y": t(y), "dy": t(dy), "dx": t(x.grad), "dweight": t(layer.weight.grad),
                              "dbias": t(layer.bias.grad)})


def layernorm():
    torch.manual_seed(3)
    norm = torch.nn.LayerNorm(6)
    with torch.no_grad():
        norm.weight.copy_(torch.randn(6))
        norm.bias.copy_(torch.randn(6))
    x = (torch.randn(2, 3, 6) * 2 + 1).requires_grad_()
    y = norm(x)
    dy = torch.randn(2, 3, 6)
    y.backward(dy)
    write("ops_layernorm.json", {"torch": torch.__version__, "eps": norm.eps, "x": t(x), "weight": t(norm.weight),
                                 "bias": t(norm.bias), "y": t(y), "dy": t(dy), "dx": t(x.grad),
                                 "dweight": t(norm.weight.grad), "dbias": t(norm.bias.grad)})


def optim():
    torch.manual_seed(4)
    w0 = torch.randn(6)
    grads = [torch.randn(6) for _ in range(4)]
    lrs = [0.1, 0.05, 0.05, 0.02]
    setups = [
        ("sgd", {"momentum": 0.9, "nesterov": False, "weight_decay": 1e-3}),
        ("sgd", {"momentum": 0.8, "nesterov": True, "weight_decay": 0.0}),
        ("adam", {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 1e-2}),
        ("adamw", {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ]
    cases = []
    for kind, kw in setups:
        p = torch.nn.Parameter(w0.clone())
        cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[kind]
        opt = cls([p], lr=lrs[0], **kw)
        after = []
        for g, lr in zip(grads, lrs):
            for group in opt.param_groups:
                group["lr"] = lr
            p.grad = g.clone()
            opt.step()
            after.append(t(p))
        hp = dict(kw)
        if "betas" in hp:
            hp["beta1"], hp["beta2"] = hp.pop("betas")
        cases.append({"type": kind, "hyper": hp, "params": after})
    write("ops_optim.json", {"torch": torch.__version__, "w0": t(w0), "grads": [t(g) for g in grads], "lrs": lrs,
                             "cases": cases})


if __name__ == "__main__":
    cross_entropy()
    linear()
    layernorm()
    optim()
