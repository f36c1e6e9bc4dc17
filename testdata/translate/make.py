#!/usr/bin/python3
"""Writes the tiny parallel corpora the translate tests learn: a toy 'German' source of
number words whose 'English' target is the word-by-word translation in reverse order, so a
model must both map words and attend to the right source position. Fixed seed: rerunning
rewrites the same files.  Usage: testdata/translate/make.py (from the repository root or here)."""
import json
import os
import random

DE = ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf']
EN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven']

here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(11)


def pairs(n):
    out = []
    for _ in range(n):
        k = rng.randint(2, 7)
        ids = [rng.randrange(len(DE)) for _ in range(k)]
        out.append({'src': ' '.join(DE[i] for i in ids), 'tgt': ' '.join(EN[i] for i in reversed(ids))})
    return out


for name, n in [('train', 400), ('valid', 40)]:
    rows = pairs(n)
    with open(os.path.join(here, name + '.jsonl'), 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    with open(os.path.join(here, name + '.src'), 'w', encoding='utf-8') as f:
        f.write(''.join(r['src'] + '\n' for r in rows))
    with open(os.path.join(here, name + '.tgt'), 'w', encoding='utf-8') as f:
        f.write(''.join(r['tgt'] + '\n' for r in rows))
