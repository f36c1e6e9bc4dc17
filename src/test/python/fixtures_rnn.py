#!/usr/bin/python3
"""Writes the PyTorch fixtures for recur's recurrent layers (testdata/torch/rnn_*.json).

Run by hand with Debian's torch: /usr/bin/python3 src/test/python/fixtures_rnn.py
Each case is a 2-layer bidirectional torch.nn.RNN/LSTM/GRU with initial states, weights drawn
with PyTorch's own init and rounded to float32, run in float64 so the fixture is the exact answer
for the float32 inputs. The loss is sum(output*R) + sum(h_n*S) (+ sum(c_n*Sc) for LSTM); the file
holds weights by PyTorch name, the input, states, outputs and the gradients of that loss with
respect to the input, h0, c0 and every weight. Cases named *_packed run variable-length batches
through pack_padded_sequence / pad_packed_sequence.
"""
import json
import os
import sys

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

T, B, I, H, L = 5, 3, 4, 3, 2
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "testdata", "torch")


def f32(t):
    return t.detach().float().double()


def flat(t):
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def case(name, cell, lengths=None, seed=0):
    torch.manual_seed(seed)
    if cell == "lstm":
        m = torch.nn.LSTM(I, H, num_layers=L, bidirectional=True)
    elif cell == "gru":
        m = torch.nn.GRU(I, H, num_layers=L, bidirectional=True)
    else:
        m = torch.nn.RNN(I, H, num_layers=L, bidirectional=True, nonlinearity=cell.split("_")[1])
    m = m.double()
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(f32(p))
    D = 2
    x = f32(torch.randn(T, B, I)).requires_grad_()
    h0 = f32(torch.randn(L * D, B, H) * 0.5).requires_grad_()
    c0 = f32(torch.randn(L * D, B, H) * 0.5).requires_grad_() if cell == "lstm" else None
    R = f32(torch.randn(T, B, D * H))
    S = f32(torch.randn(L * D, B, H))
    Sc = f32(torch.randn(L * D, B, H)) if cell == "lstm" else None

    inp = x
    if lengths is not None:
        inp = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
    state = (h0, c0) if cell == "lstm" else h0
    out, st = m(inp, state)
    if lengths is not None:
        out, _ = pad_packed_sequence(out, total_length=T)
    if cell == "lstm":
        hn, cn = st
    else:
        hn, cn = st, None
    loss = (out * R).sum() + (hn * S).sum()
    if cn is not None:
        loss = loss + (cn * Sc).sum()
    loss.backward()

    d = {
        "cell": cell, "T": T, "B": B, "input_size": I, "hidden_size": H, "num_layers": L,
        "bidirectional": True, "lengths": lengths, "torch_version": torch.__version__,
        "shapes": {n: list(p.shape) for n, p in m.named_parameters()},
        "weights": {n: flat(p) for n, p in m.named_parameters()},
        "input": flat(x), "h0": flat(h0), "R": flat(R), "S": flat(S),
        "output": flat(out), "h_n": flat(hn),
        "grads": {"input": flat(x.grad), "h0": flat(h0.grad)},
    }
    for n, p in m.named_parameters():
        d["grads"][n] = flat(p.grad)
    if cell == "lstm":
        d.update({"c0": flat(c0), "Sc": flat(Sc), "c_n": flat(cn)})
        d["grads"]["c0"] = flat(c0.grad)
    path = os.path.join(OUT, name + ".json")
    with open(path, "w") as f:
        json.dump(d, f, separators=(",", ":"))
        f.write("\n")
    print(path, os.path.getsize(path), "bytes", file=sys.stderr)


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    case("rnn_tanh", "rnn_tanh", seed=1)
    case("rnn_relu", "rnn_relu", seed=2)
    case("rnn_lstm", "lstm", seed=3)
    case("rnn_gru", "gru", seed=4)
    case("rnn_lstm_packed", "lstm", lengths=[3, 5, 1], seed=5)
    case("rnn_gru_packed", "gru", lengths=[2, 5, 4], seed=6)
