#!/usr/bin/env python3
"""PyTorch side of recur.bench.LmUpdatesCheck: the same language-model training steps from the
same initial weights, in float32 and in float64.

    lm_updates_peer.py --dir DIR --train FILE [--steps 100] [--lr 20] [--clip 0.25]
                       [--bptt 20] [--batch 20] [--optimizer sgd|adam]

Loads DIR/init.lm (recur's model file: recur.json with the vocabulary and architecture,
weights.safetensors with PyTorch's tensor names) into word_language_model's layout
(nn.Embedding -> nn.LSTM -> nn.Linear), encodes FILE with recur's vocabulary (whitespace words,
<eos> at each line end, <unk> for the rest; or every character), cuts it into the same columns
and windows, and runs plain SGD or Adam with clip_grad_norm_ on a float32 copy and a float64 copy
side by side. Prints one JSON
line a step: {"step", "loss32", "loss64", "norm32", "norm64"}; then, for each DIR/recur_STEP.f32
that recur dumped, {"dump": STEP, "torch32_vs_64", "recur_vs_64", "recur_vs_torch32", "norm64"},
Euclidean distances over all weights (order from DIR/params.txt).
"""
import argparse
import copy
import json
import os
import struct
import zipfile

import numpy as np
import torch
import torch.nn as nn


def load(path):
    z = zipfile.ZipFile(path)
    meta = json.loads(z.read('recur.json'))
    raw = z.read('weights.safetensors')
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    tensors = {}
    for name, t in header.items():
        if name == '__metadata__':
            continue
        a, b = t['data_offsets']
        data = np.frombuffer(raw[8 + n + a:8 + n + b], dtype=np.float32).reshape(t['shape'])
        tensors[name] = torch.from_numpy(data.copy())
    return meta, tensors


class Lm(nn.Module):
    def __init__(self, v, e, h, layers):
        super().__init__()
        self.encoder = nn.Embedding(v, e)
        self.rnn = nn.LSTM(e, h, layers)
        self.decoder = nn.Linear(h, v)

    def forward(self, x, state):
        out, state = self.rnn(self.encoder(x), state)
        return self.decoder(out), state


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--dir', required=True)
    p.add_argument('--train', required=True)
    p.add_argument('--steps', type=int, default=100)
    p.add_argument('--lr', type=float, default=20.0)
    p.add_argument('--clip', type=float, default=0.25)
    p.add_argument('--bptt', type=int, default=20)
    p.add_argument('--batch', type=int, default=20)
    p.add_argument('--optimizer', choices=['sgd', 'adam'], default='sgd')
    a = p.parse_args()
    torch.set_num_threads(1)
    meta, tensors = load(os.path.join(a.dir, 'init.lm'))
    arch = meta['architecture']
    tokens = meta['vocabulary']['tokens']
    index = {t: i for i, t in enumerate(tokens)}
    ids = []
    with open(a.train, encoding='utf-8') as f:
        if meta['vocabulary']['level'] == 'char':  # every character, the newline included
            ids = [index[c] for c in f.read()]
        else:
            unk = index['<unk>']
            for line in f:
                ids.extend(index.get(w, unk) for w in line.split() + ['<eos>'])
    data = torch.tensor(ids)
    cols = data.size(0) // a.batch
    data = data[:cols * a.batch].view(a.batch, -1).t().contiguous()  # (T, B), as BpttBatches

    m32 = Lm(arch['vocab'], arch['emb'], arch['hidden'], arch['layers'])
    m32.load_state_dict(tensors, strict=True)
    m64 = copy.deepcopy(m32).double()
    models = {'32': m32, '64': m64}
    make = (lambda ps: torch.optim.Adam(ps, lr=a.lr)) if a.optimizer == 'adam' else (lambda ps: torch.optim.SGD(ps, lr=a.lr))
    opts = {k: make(m.parameters()) for k, m in models.items()}
    shape = (arch['layers'], a.batch, arch['hidden'])
    states = {k: (torch.zeros(shape, dtype=dt), torch.zeros(shape, dtype=dt))
              for k, dt in (('32', torch.float32), ('64', torch.float64))}
    names = [line.split()[0] for line in open(os.path.join(a.dir, 'params.txt')) if line.strip()]
    loss_fn = nn.CrossEntropyLoss()
    dumps = []
    for s, i in enumerate(range(0, data.size(0) - 1, a.bptt)):
        if s >= a.steps:
            break
        t = min(a.bptt, data.size(0) - 1 - i)
        x, y = data[i:i + t], data[i + 1:i + 1 + t]
        rec = {'step': s + 1}
        for k, m in models.items():
            state = tuple(h.detach() for h in states[k])
            opts[k].zero_grad()
            out, states[k] = m(x, state)
            loss = loss_fn(out.view(-1, arch['vocab']), y.reshape(-1))
            loss.backward()
            norm = nn.utils.clip_grad_norm_(m.parameters(), a.clip)
            opts[k].step()
            rec['loss' + k] = round(loss.item(), 8)
            rec['norm' + k] = round(float(norm), 8)
        print(json.dumps(rec), flush=True)
        dump = os.path.join(a.dir, f'recur_{s + 1}.f32')
        if os.path.exists(dump):
            def flat(m):
                params = dict(m.named_parameters())
                return torch.cat([params[n].detach().double().reshape(-1) for n in names])
            w64, w32 = flat(m64), flat(m32)
            wr = torch.from_numpy(np.fromfile(dump, dtype='<f4').astype(np.float64))
            dumps.append({'dump': s + 1, 'torch32_vs_64': (w32 - w64).norm().item(),
                          'recur_vs_64': (wr - w64).norm().item(), 'recur_vs_torch32': (wr - w32).norm().item(),
                          'norm64': w64.norm().item()})
    for d in dumps:
        print(json.dumps(d), flush=True)


if __name__ == '__main__':
    main()
