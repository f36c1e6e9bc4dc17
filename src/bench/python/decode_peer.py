#!/usr/bin/env python3
"""PyTorch side of bin/bench-sample and bin/bench-score: the same recur model, loaded from its model
file (recur.json for the vocabulary and architecture, weights.safetensors by PyTorch's names into
nn.Embedding -> nn.LSTM/GRU/RNN -> nn.Linear), sampling or scoring the same records on one thread.

    decode_peer.py --model LM --input FILE.jsonl sample --max-tokens 10 [--batch B]
    decode_peer.py --model LM --input FILE.jsonl score [--batch B]

sample: each record's "text" is encoded (whitespace words, <unk> for the rest; or characters), run
through the network in one call, then --max-tokens tokens are drawn one step at a time with
torch.multinomial over the softmax (no stop at <eos>, as recur's --ignore-eos). --batch 1 is the
per-record loop of PyTorch's generate.py; --batch B runs B prompts at once, packed to their lengths.
score: each record's tokens and its end token are scored from a zero state fed the end token first,
per record or B at a time (packed). Prints one JSON line: records, seconds (the decoding loop only:
loading and encoding excluded), records_per_s, and a checksum (Σ logprob, or tokens drawn).
"""
import argparse
import json
import time

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from lm_updates_peer import load  # recur's model file: recur.json and the safetensors weights


class Lm(nn.Module):
    def __init__(self, arch, w):
        super().__init__()
        v, e, h, layers = arch['vocab'], arch['emb'], arch['hidden'], arch['layers']
        cell = {'lstm': nn.LSTM, 'gru': nn.GRU}.get(arch['cell'], nn.RNN)
        self.encoder = nn.Embedding(v, e)
        self.rnn = cell(e, h, layers)
        self.decoder = nn.Linear(h, v)
        with torch.no_grad():
            self.encoder.weight.copy_(w['encoder.weight'])
            self.decoder.weight.copy_(w['decoder.weight'] if 'decoder.weight' in w else w['encoder.weight'])
            self.decoder.bias.copy_(w['decoder.bias'])
            for name, p in self.rnn.named_parameters():
                p.copy_(w['rnn.' + name])


def encoder(vocab):
    index = {t: i for i, t in enumerate(vocab['tokens'])}
    unk = index['<unk>']
    char = vocab['level'] == 'char'
    end = index['\n' if char else '<eos>']
    return (lambda text: [index.get(p, unk) for p in (list(text) if char else text.split())]), end


def run_packed(lm, seqs, state=None):
    """The network over sequences of unequal length at once; returns each one's last output and final state."""
    lens = torch.tensor([len(s) for s in seqs])
    x = torch.zeros(max(lens), len(seqs), dtype=torch.long)
    for b, s in enumerate(seqs):
        x[:len(s), b] = torch.tensor(s)
    packed = pack_padded_sequence(lm.encoder(x), lens, enforce_sorted=False)
    out, state = lm.rnn(packed, state)
    y, _ = pad_packed_sequence(out)
    return y, lens, state


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True)
    p.add_argument('--input', required=True)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('mode', choices=['sample', 'score'])
    p.add_argument('--max-tokens', type=int, default=10)
    p.add_argument('--batch', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    meta, w = load(a.model)
    lm = Lm(meta['architecture'], w).eval()
    enc, end = encoder(meta['vocabulary'])
    texts = [json.loads(line)['text'] for line in open(a.input)]
    seqs = [enc(t) for t in texts]
    check = 0.0
    start = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(seqs), a.batch):
            chunk = seqs[i:i + a.batch]
            if a.mode == 'sample':
                y, lens, state = run_packed(lm, [s if s else [end] for s in chunk])
                last = y[lens - 1, torch.arange(len(chunk))]
                for _ in range(a.max_tokens):
                    probs = torch.softmax(lm.decoder(last), dim=-1)
                    tok = torch.multinomial(probs, 1)
                    check += len(chunk)
                    out, state = lm.rnn(lm.encoder(tok.t()), state)
                    last = out[0]
            else:
                full = [[end] + s + [end] for s in chunk]
                y, lens, _ = run_packed(lm, [f[:-1] for f in full])
                logp = torch.log_softmax(lm.decoder(y), dim=-1)
                for b, f in enumerate(full):
                    t = torch.tensor(f[1:])
                    check += float(logp[torch.arange(len(t)), b, t].sum())
    seconds = time.perf_counter() - start
    print(json.dumps({'mode': a.mode, 'batch': a.batch, 'records': len(seqs), 'seconds': round(seconds, 3),
                      'records_per_s': round(len(seqs) / seconds, 1), 'check': check}))


if __name__ == '__main__':
    main()
