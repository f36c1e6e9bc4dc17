#!/usr/bin/python3
"""Writes the PyTorch fixture for `recur score` (testdata/torch/score_lm.json) and the two small
recur models it scores with (testdata/lm/char-lstm.lm, testdata/lm/word-gru.lm).

Run by hand from the repository with Debian's torch:  /usr/bin/python3 src/test/python/fixtures_score.py
The models are trained by recur itself (bin/recur train-lm, one short epoch on
testdata/shakespeare) unless they exist. Each is then loaded from its model file alone: recur.json
for the vocabulary and architecture, weights.safetensors by PyTorch's names into torch.nn.Embedding
-> torch.nn.LSTM / torch.nn.GRU -> torch.nn.Linear, run in float64 on the float32 weights. Each
record is encoded as recur documents it (characters, or whitespace-separated words; <unk> for the
rest; the line end appended), fed from a zero state starting with the line end, and every token's
natural-log probability stored.
"""
import json
import os
import subprocess
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "src", "bench", "python"))
from lm_updates_peer import load  # noqa: E402 (recur's model file: recur.json and the safetensors weights)

DATA = os.path.join(ROOT, "testdata", "shakespeare", "train.txt")
MODELS = {
    "char-lstm": ["--cell", "lstm", "--level", "char", "--emb", "8", "--hidden", "12", "--layers", "2", "--bptt", "20",
                  "--batch", "10"],
    "word-gru": ["--cell", "gru", "--level", "word", "--max-vocab", "300", "--emb", "8", "--hidden", "12", "--layers", "2",
                 "--bptt", "10", "--batch", "10"],
}
TEXTS = ["First Citizen:", "Before we proceed any further, hear me speak.", "", "zqx unseen words here",
         "You are all resolved rather to die than to famish?", "a"]


def encode(vocab, text):
    tokens = vocab["tokens"]
    index = {t: i for i, t in enumerate(tokens)}
    unk = index["<unk>"]
    if vocab["level"] == "char":
        parts, end = list(text), index["\n"]
    else:
        parts, end = text.split(), index["<eos>"]
    return [index.get(p, unk) for p in parts] + [end], end, tokens


def main():
    out = {"cases": []}
    for name, opts in MODELS.items():
        path = os.path.join(ROOT, "testdata", "lm", name + ".lm")
        if not os.path.exists(path):
            subprocess.run([os.path.join(ROOT, "bin", "recur"), "train-lm", *opts, "--epochs", "1", "--optimizer", "adam",
                            "--lr", "0.01", "--dropout", "0", "--quiet", "-o", path, DATA], check=True,
                           stdout=subprocess.DEVNULL)
            if os.path.exists(path + ".ckpt"):
                os.remove(path + ".ckpt")
        meta, w = load(path)
        w = {k: t.double() for k, t in w.items()}
        arch = meta["architecture"]
        v, e, h, layers = arch["vocab"], arch["emb"], arch["hidden"], arch["layers"]
        rnn = (torch.nn.LSTM if arch["cell"] == "lstm" else torch.nn.GRU)(e, h, layers).double()
        emb = torch.nn.Embedding(v, e).double()
        dec = torch.nn.Linear(h, v).double()
        with torch.no_grad():
            emb.weight.copy_(w["encoder.weight"])
            dec.weight.copy_(w["decoder.weight"])
            dec.bias.copy_(w["decoder.bias"])
            for pname, p in rnn.named_parameters():
                p.copy_(w["rnn." + pname])
        records = []
        for text in TEXTS:
            ids, end, tokens = encode(meta["vocabulary"], text)
            x = torch.tensor([end] + ids[:-1]).unsqueeze(1)
            with torch.no_grad():
                y, _ = rnn(emb(x))
                logp = torch.log_softmax(dec(y.squeeze(1)), dim=-1)
            per = [float(logp[t, ids[t]]) for t in range(len(ids))]
            records.append({"text": text, "tokens": [tokens[i] for i in ids], "per_token": per, "logprob": sum(per)})
        out["cases"].append({"model": "testdata/lm/" + name + ".lm", "records": records})
    with open(os.path.join(ROOT, "testdata", "torch", "score_lm.json"), "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
