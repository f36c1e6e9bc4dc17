#!/usr/bin/python3
"""Writes the PyTorch fixture of recur's translator (testdata/torch/seq2seq.json).

Run by hand with Debian's torch: /usr/bin/python3 src/test/python/fixtures_seq2seq.py
The model is the encoder-decoder of ../shared/peers/torch_seq2seq.py, module for module and
name for name (src_emb, tgt_emb, a packed bidirectional encoder, bridge_h/bridge_c, dec_rnn,
att_enc/att_dec/att_v or Luong's general score, pre_out, out), restated here with its options
as constructor arguments. Each case draws PyTorch's own initialisation, rounds the weights to
float32 and runs in float64 (eval mode: no dropout) on a padded batch of three pairs of unequal
lengths. The file holds, per case, the weights by name, the batch, the teacher-forced logits
(B, T, V) and the first decoding step's log-probabilities for each source alone.
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "testdata", "torch", "seq2seq.json")
PAD, BOS, EOS = 0, 2, 3
SV, TV, E, H = 11, 9, 5, 6
SOURCES = [[4, 5, 6, 7, 8], [9, 4], [10, 5, 6]]
TARGETS = [[4, 5], [6, 7, 8, 4], [5]]


class Seq2Seq(nn.Module):
    def __init__(self, cell, attn, input_feed, layers):
        super().__init__()
        self.cell, self.attn, self.input_feed, self.layers = cell, attn, input_feed, layers
        RNN = nn.GRU if cell == 'gru' else nn.LSTM
        self.src_emb = nn.Embedding(SV, E, padding_idx=PAD)
        self.tgt_emb = nn.Embedding(TV, E, padding_idx=PAD)
        self.encoder = RNN(E, H, layers, batch_first=True, bidirectional=True)
        self.bridge_h = nn.Linear(2 * H, H)
        if cell == 'lstm':
            self.bridge_c = nn.Linear(2 * H, H)
        if attn == 'bahdanau':
            self.dec_rnn = RNN(E + 2 * H, H, layers)
            self.att_enc = nn.Linear(2 * H, H, bias=False)
            self.att_dec = nn.Linear(H, H)
            self.att_v = nn.Linear(H, 1, bias=False)
            self.pre_out = nn.Linear(H + 2 * H + E, H)
        else:
            self.dec_rnn = RNN(E + (H if input_feed else 0), H, layers)
            self.att_enc = nn.Linear(2 * H, H, bias=False)
            self.pre_out = nn.Linear(2 * H + H, H, bias=False)
        self.out = nn.Linear(H, TV)

    def encode(self, src, lengths):
        e = self.src_emb(src)
        packed = nn.utils.rnn.pack_padded_sequence(e, lengths, batch_first=True, enforce_sorted=False)
        out, st = self.encoder(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
        L, B = self.layers, src.size(0)

        def merge(x):
            x = x.view(L, 2, B, H)
            return torch.cat([x[:, 0], x[:, 1]], dim=2)
        if self.cell == 'lstm':
            h, c = st
            state = (torch.tanh(self.bridge_h(merge(h))), self.bridge_c(merge(c)))
        else:
            state = torch.tanh(self.bridge_h(merge(st)))
        mask = torch.arange(out.size(1)).unsqueeze(0) < lengths.unsqueeze(1)
        return out, self.att_enc(out), mask, state

    def top(self, state):
        return (state[0] if self.cell == 'lstm' else state)[-1]

    def step(self, y_prev, state, enc_out, enc_proj, mask, feed):
        e = self.tgt_emb(y_prev)
        if self.attn == 'bahdanau':
            sc = self.att_v(torch.tanh(enc_proj + self.att_dec(self.top(state)).unsqueeze(1))).squeeze(2)
            a = F.softmax(sc.masked_fill(~mask, float('-inf')), dim=1)
            ctx = torch.bmm(a.unsqueeze(1), enc_out).squeeze(1)
            out, state = self.dec_rnn(torch.cat([e, ctx], 1).unsqueeze(0), state)
            h = out[0]
            pre = torch.tanh(self.pre_out(torch.cat([h, ctx, e], 1)))
        else:
            x = torch.cat([e, feed], 1) if self.input_feed else e
            out, state = self.dec_rnn(x.unsqueeze(0), state)
            h = out[0]
            sc = torch.bmm(enc_proj, h.unsqueeze(2)).squeeze(2)
            a = F.softmax(sc.masked_fill(~mask, float('-inf')), dim=1)
            ctx = torch.bmm(a.unsqueeze(1), enc_out).squeeze(1)
            pre = torch.tanh(self.pre_out(torch.cat([ctx, h], 1)))
            feed = pre
        return self.out(pre), state, feed

    def forward(self, src, lengths, tgt_in):
        enc_out, enc_proj, mask, state = self.encode(src, lengths)
        B, T = tgt_in.shape
        if self.attn == 'luong' and not self.input_feed:
            e = self.tgt_emb(tgt_in).transpose(0, 1)
            hs, _ = self.dec_rnn(e, state)
            hs = hs.transpose(0, 1)
            sc = torch.bmm(hs, enc_proj.transpose(1, 2))
            a = F.softmax(sc.masked_fill(~mask.unsqueeze(1), float('-inf')), dim=2)
            ctx = torch.bmm(a, enc_out)
            return self.out(torch.tanh(self.pre_out(torch.cat([ctx, hs], 2))))
        feed = torch.zeros(B, H, dtype=enc_out.dtype)
        logits = []
        for t in range(T):
            lg, state, feed = self.step(tgt_in[:, t], state, enc_out, enc_proj, mask, feed)
            logits.append(lg)
        return torch.stack(logits, 1)


def pad(seqs, bos=False):
    n = max(len(s) for s in seqs) + (1 if bos else 0)
    x = torch.full((len(seqs), n), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        s = ([BOS] if bos else []) + s
        x[i, :len(s)] = torch.tensor(s)
    return x


def flat(t):
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def case(cell, attn, input_feed, layers, seed):
    torch.manual_seed(seed)
    m = Seq2Seq(cell, attn, input_feed, layers)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.float())
    m = m.double().eval()
    src = pad(SOURCES)
    lengths = torch.tensor([len(s) for s in SOURCES])
    tgt_in = pad([t for t in TARGETS], bos=True)
    with torch.no_grad():
        logits = m(src, lengths, tgt_in)
        first = []
        for s in SOURCES:
            enc_out, enc_proj, mask, state = m.encode(torch.tensor([s]), torch.tensor([len(s)]))
            lg, _, _ = m.step(torch.tensor([BOS]), state, enc_out, enc_proj, mask, torch.zeros(1, H, dtype=torch.float64))
            first.append(F.log_softmax(lg, dim=1)[0])
    return {
        "cell": cell, "attention": attn, "input_feed": input_feed, "layers": layers,
        "src_vocab": SV, "tgt_vocab": TV, "emb": E, "hidden": H,
        "weights": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in m.state_dict().items()},
        "sources": SOURCES, "targets": TARGETS,
        "logits": {"shape": list(logits.shape), "data": flat(logits)},
        "first_step_log_probs": {"shape": [len(first), TV], "data": flat(torch.stack(first))},
    }


cases = [case('gru', 'bahdanau', False, 1, 1), case('lstm', 'bahdanau', False, 2, 2),
         case('gru', 'luong', False, 2, 3), case('lstm', 'luong', True, 1, 4)]
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"cases": cases}, f)
    f.write("\n")
