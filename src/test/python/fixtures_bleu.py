#!/usr/bin/env python3
"""Writes the BLEU / chrF fixtures under testdata/bleu/ that BleuTest, ChrfTest and the eval
command tests compare recur against. Run once; the Java tests need no Python.

    python3 src/test/python/fixtures_bleu.py [--peer /work/shared/peers/bleu.py]

The numbers come from sacrebleu 2.6.0 itself (pip-installed from a local wheel into a venv);
where ../shared/peers/bleu.py (the project's sacrebleu-identical re-implementation) covers a
case (13a / none tokenization, exp smoothing, chrF without word n-grams), the script also checks
that the two agree to 1e-12, so the fixtures rest on two independent implementations.
Bootstrap fixtures use sacrebleu's own resampling (numpy's default_rng seeded 12345); numpy 1.x, as
Debian 12 ships it (its type promotion decides that chrF's resampled precisions are float32).
"""
import argparse
import importlib.util
import json
import os
import sys

import numpy as np
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest, _bootstrap_resample, estimate_ci

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'testdata', 'bleu')

# A small English corpus with the things 13a cares about: punctuation next to letters and digits,
# decimal points and thousands commas, dashes after digits, HTML entities, <skipped>, quotes.
EN = [
    ("The cat sat on the mat.", ["The cat sat on the mat.", "A cat was sitting on the mat."]),
    ("It costs $3,000.50 - or 3.5k, they said.", ["It costs $3,000.50, they said.", "They said it costs 3,000.50 dollars."]),
    ("In 2019-2020 the rate rose by 4.5%.", ["In 2019-2020, the rate rose 4.5 %.", "The rate rose by 4.5% in 2019-2020."]),
    ("He said: \"Don't go!\"", ["He said: \"Do not go!\"", "\"Don't go,\" he said."]),
    ("Fish &amp; chips &lt;3 &quot;yum&quot;", ["Fish & chips <3 \"yum\"", "fish and chips, yum"]),
    ("A man (aged 40) walks into a bar...", ["A man, aged 40, walks into a bar.", "A 40-year-old man walks into a bar..."]),
    ("<skipped> nothing here", ["Nothing here.", "There is nothing here."]),
    ("e-mail me at a.b@c.org / or call", ["Email me at a.b@c.org or call.", "Mail me: a.b@c.org, or call"]),
    ("Completely unrelated words", ["The quick brown fox jumps over the lazy dog", "Lorem ipsum dolor sit amet"]),
    ("the the the the the the", ["The cat is on the mat.", "There is a cat on the mat."]),
    ("Hyphen-ated and under_scored {braces} [brackets] ~tilde^ `tick` |pipe| #hash",
     ["Hyphenated and underscored {braces} [brackets] ~tilde^ `tick` |pipe| #hash", "braces and brackets"]),
    ("  Leading and trailing spaces   ", ["Leading and trailing spaces", "leading and trailing  spaces"]),
    ("We met at 10.30, then at 11,00.", ["We met at 10.30 and then at 11,00.", "We met at 10:30, then at 11:00."]),
    ("Trailing tokenized period .", ["Trailing tokenized period.", "A trailing period ."]),
]

# Unicode: accents, case pairs that lowercase differently, CJK, emoji outside the BMP (two UTF-16
# chars each), combining marks, non-ASCII punctuation and symbols, non-ASCII whitespace.
UNI = [
    ("Größe: 3,5 m² — „sehr groß“!", ["Größe: 3,5 m² – „sehr groß“!", "Die Größe ist 3,5 m²."]),
    ("ΣΊΣΥΦΟΣ ΟΔΟΣ ΚΑΙ ΣΟΦΙΑ", ["Σίσυφος οδός και σοφία", "ΣΊΣΥΦΟΣ ΟΔΌΣ"]),
    ("İstanbul’da ÇAY içtik…", ["İstanbul'da çay içtik.", "İSTANBUL’DA ÇAY İÇTİK…"]),
    ("我爱北京天安门。", ["我爱北京天安门！", "我喜欢北京。"]),
    ("Party 🎉🎉 tonight 😀!", ["Party tonight 🎉!", "A party 😀 tonight!"]),
    ("café vs cafe\u0301 naïve", ["café versus café naive", "cafe vs café naïve"]),
    ("non\u00a0breaking\u3000ideographic\u2009thin space", ["non breaking ideographic thin space", "non\u00a0breaking space"]),
    ("¿Qué pasó? ¡Nada! «Bien» € 5 ± 2 ∑ ©", ["¿Qué pasó? ¡Nada! «Bien» €5 ±2 ∑ ©", "Que paso? Nada! Bien 5 euro"]),
    ("Москва — столица России.", ["Москва — столица России.", "Столица России — Москва."]),
    ("１２３ ４.５ ٣٫١٤ 10,000", ["123 4.5 ٣٫١٤ 10,000", "１２３ ４．５ 10000"]),
]


def records(pairs, nrefs):
    return [{"hyp": h, "refs": r[:nrefs]} for h, r in pairs]


def streams(recs):
    """sacrebleu's layout: one stream per reference position, None where a record has fewer."""
    n = max(len(r["refs"]) for r in recs)
    return [[r["refs"][k] if k < len(r["refs"]) else None for r in recs] for k in range(n)]


def bleu_case(name, recs, tokenize='13a', lowercase=False, smooth='exp', smooth_value=None, peer=None):
    hyps = [r["hyp"] for r in recs]
    refs = streams(recs)
    m = BLEU(tokenize=tokenize, lowercase=lowercase, smooth_method=smooth, smooth_value=smooth_value)
    c = m.corpus_score(hyps, refs)
    sig = str(m.get_signature())
    # sentence level: sacrebleu's -sl turns effective order on
    ms = BLEU(tokenize=tokenize, lowercase=lowercase, smooth_method=smooth, smooth_value=smooth_value,
              effective_order=True)
    sent = [ms.sentence_score(r["hyp"], r["refs"]) for r in recs]
    ms.corpus_score(hyps, refs)  # so that its signature counts the references of the corpus, not of the last sentence
    if peer is not None and tokenize in ('13a', 'none') and smooth == 'exp' \
            and all(len(r["refs"]) == len(refs) for r in recs):
        pb = peer.corpus_bleu(hyps, refs, lowercase=lowercase, tokenize=(tokenize == '13a'))
        assert abs(pb['bleu'] - c.score) < 1e-12, (name, pb['bleu'], c.score)
        if tokenize == '13a':
            for r, s in zip(recs, sent):
                ps = peer.sentence_bleu(r["hyp"], r["refs"], lowercase=lowercase)['bleu']
                assert abs(ps - s.score) < 1e-12, (name, r, ps, s.score)
    return {
        "name": name, "metric": "bleu",
        "options": {"tokenize": tokenize, "lowercase": lowercase, "smooth": smooth, "smooth_value": smooth_value},
        "records": recs,
        "corpus": {"score": c.score, "signature": sig, "counts": list(c.counts), "totals": list(c.totals),
                   "precisions": list(c.precisions), "bp": c.bp, "sys_len": c.sys_len, "ref_len": c.ref_len,
                   "formatted": c.format(width=1, signature=sig)},
        "sentence": [s.score for s in sent],
        "sentence_signature": str(ms.get_signature()),
    }


def chrf_case(name, recs, word_order=0, lowercase=False, peer=None):
    hyps = [r["hyp"] for r in recs]
    refs = streams(recs)
    m = CHRF(word_order=word_order, lowercase=lowercase)
    c = m.corpus_score(hyps, refs)
    sig = str(m.get_signature())
    sent = [m.sentence_score(r["hyp"], r["refs"]) for r in recs]
    if peer is not None and word_order == 0 and all(len(r["refs"]) == len(refs) for r in recs):
        pc = peer.corpus_chrf(hyps, refs, lowercase=lowercase)
        assert abs(pc - c.score) < 1e-12, (name, pc, c.score)
    return {
        "name": name, "metric": "chrf",
        "options": {"word_order": word_order, "lowercase": lowercase},
        "records": recs,
        "corpus": {"score": c.score, "name": c.name, "signature": sig, "formatted": c.format(width=1, signature=sig)},
        "sentence": [s.score for s in sent],
    }


def bootstrap_case(name, recs, baseline_hyps, n):
    """sacrebleu --confidence (the system alone) and --paired-bs (baseline first, then the system)."""
    hyps = [r["hyp"] for r in recs]
    refs = streams(recs)
    out = {"name": name, "records": recs, "baseline": baseline_hyps, "n": n, "seed": 12345, "metrics": {}}
    rng = np.random.default_rng(12345)
    out["rng_raw"] = [str(x) for x in rng.bit_generator.random_raw(4)]
    out["rng_choice"] = np.random.default_rng(12345).choice(len(recs), size=(3, len(recs)), replace=True).tolist()
    for key, make in (("bleu", lambda: BLEU()), ("chrf", lambda: CHRF()), ("chrf++", lambda: CHRF(word_order=2))):
        m = make()
        c = m.corpus_score(hyps, refs, n_bootstrap=n)
        sig = str(m.get_signature())
        mb, ms = make(), make()
        ps = PairedTest([("baseline", baseline_hyps), ("system", hyps)], {c.name: mb}, refs,
                        test_type='bs', n_samples=n)
        _, scores = ps()
        bl, sy = scores[c.name]
        out["metrics"][key] = {
            "score": c.score, "mean": c._mean, "ci": c._ci, "signature": sig,
            "formatted": c.format(width=1, signature=sig),
            "paired": {"baseline": {"score": bl.score, "mean": float(bl.mean), "ci": float(bl.ci)},
                       "system": {"score": sy.score, "mean": float(sy.mean), "ci": float(sy.ci),
                                  "p_value": float(sy.p_value)},
                       "signature": str(ps._signatures[c.name])},
        }
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--peer', default='/work/shared/peers/bleu.py', help='bleu.py to cross-check against')
    args = ap.parse_args()
    assert sacrebleu.__version__ == '2.6.0', sacrebleu.__version__
    peer = None
    if os.path.exists(args.peer):
        spec = importlib.util.spec_from_file_location('peer_bleu', args.peer)
        peer = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(peer)
    else:
        print(f'fixtures_bleu: {args.peer} not found; no cross-check', file=sys.stderr)
    en1, en2 = records(EN, 1), records(EN, 2)
    uni1, uni2 = records(UNI, 1), records(UNI, 2)
    # variable reference counts (sacrebleu's nrefs:var) and empty hypotheses / references
    var = [{"hyp": h, "refs": r[:1 + i % 2]} for i, (h, r) in enumerate(EN)]
    empty = [{"hyp": "", "refs": ["Something was said."]},
             {"hyp": "The cat sat on the mat.", "refs": ["The cat sat on the mat."]},
             {"hyp": "", "refs": [""]},
             {"hyp": "Words without a reference", "refs": [""]},
             {"hyp": "   ", "refs": ["Blank hypothesis"]}]
    all_empty = [{"hyp": "", "refs": ["A reference."]}, {"hyp": "", "refs": ["Another one."]}]
    short = [{"hyp": "cat", "refs": ["the cat"]}, {"hyp": "on mat", "refs": ["on the mat"]}]
    cases = []
    for tok in ('13a', 'none', 'intl', 'char'):
        cases.append(bleu_case(f'bleu_en_{tok}', en1, tokenize=tok, peer=peer))
        cases.append(bleu_case(f'bleu_unicode_{tok}', uni2, tokenize=tok, peer=peer))
    cases.append(bleu_case('bleu_en_2refs', en2, peer=peer))
    cases.append(bleu_case('bleu_en_varrefs', var, peer=peer))
    cases.append(bleu_case('bleu_en_lowercase', en2, lowercase=True, peer=peer))
    cases.append(bleu_case('bleu_unicode_lowercase', uni2, lowercase=True, peer=peer))
    cases.append(bleu_case('bleu_unicode_intl_lowercase', uni1, tokenize='intl', lowercase=True, peer=peer))
    cases.append(bleu_case('bleu_empty', empty, peer=peer))
    cases.append(bleu_case('bleu_all_empty', all_empty, peer=peer))
    for smooth, value in (('none', None), ('floor', None), ('floor', 0.3), ('add-k', None), ('add-k', 2), ('exp', None)):
        suffix = smooth + ('' if value is None else f'_{value}')
        cases.append(bleu_case(f'bleu_short_{suffix}', short, smooth=smooth, smooth_value=value, peer=peer))
        cases.append(bleu_case(f'bleu_empty_{suffix}', empty, smooth=smooth, smooth_value=value, peer=peer))
    for wo in (0, 2):
        name = 'chrf' if wo == 0 else 'chrfpp'
        cases.append(chrf_case(f'{name}_en', en1, word_order=wo, peer=peer))
        cases.append(chrf_case(f'{name}_en_2refs', en2, word_order=wo, peer=peer))
        cases.append(chrf_case(f'{name}_en_varrefs', var, word_order=wo, peer=peer))
        cases.append(chrf_case(f'{name}_unicode', uni2, word_order=wo, peer=peer))
        cases.append(chrf_case(f'{name}_unicode_lowercase', uni2, word_order=wo, lowercase=True, peer=peer))
        cases.append(chrf_case(f'{name}_empty', empty, word_order=wo, peer=peer))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'scores.json'), 'w', encoding='utf-8') as f:
        json.dump({"sacrebleu": sacrebleu.__version__, "cases": cases}, f, ensure_ascii=False, indent=0)
        f.write('\n')
    baseline = [r["refs"][0].split(' ', 1)[-1] if i % 3 == 0 else r["hyp"] for i, r in enumerate(en1)]
    boot = bootstrap_case('bootstrap_en', en1, baseline, 1000)
    with open(os.path.join(OUT, 'bootstrap.json'), 'w', encoding='utf-8') as f:
        json.dump(boot, f, ensure_ascii=False, indent=0)
        f.write('\n')
    print(f'fixtures_bleu: {len(cases)} score cases, 1 bootstrap case -> {os.path.normpath(OUT)}', file=sys.stderr)


if __name__ == '__main__':
    main()
