#!/usr/bin/env python3
"""Makes the small labelled sets under testdata/classify/ (run once; the outputs are committed).

  python3 testdata/classify/make.py testdata/classify

topic-{train,valid}.jsonl  three topics (sport, food, weather): each sentence draws most words
                           from its topic's list and some from a shared list, so a bag of words
                           learns it to near 100% and a sequence model too.
order-{train,test}.jsonl   two classes whose sentences hold the same words the same number of
                           times; only the order of pairs differs ("a b ... c d" against
                           "a d ... c b"), so unigram features cannot beat chance while bigrams
                           separate the classes.
topic-vectors.vec          fastText .vec vectors (dimension 8) for four words of the topic data and
                           one word it lacks, for --pretrained.
tags-train.jsonl           multi-label: "labels" is the set of topics whose words the sentence
                           holds (one to three).
Everything is drawn from random.Random(SEED), so a rerun writes the same bytes.
"""
import json
import os
import random
import sys

SEED = 20261205
TOPICS = {
    'sport': 'goal match team player coach score ball league win season referee stadium'.split(),
    'food': 'bread cheese soup pasta salad spice oven recipe dinner taste sauce fruit'.split(),
    'weather': 'rain snow wind storm cloud sunny cold warm forecast fog thunder breeze'.split(),
}
SHARED = 'the a of and to in was it very today this that'.split()
PAIRS = ('red', 'blue'), ('green', 'black')  # class "ab": red blue, green black; class "ad": red black, green blue
FILLER = 'one two three four five six seven eight nine ten'.split()


def topic_sentence(rng, topic):
    n = rng.randint(4, 12)
    words = [rng.choice(TOPICS[topic]) if rng.random() < 0.6 else rng.choice(SHARED) for _ in range(n)]
    if not any(w in TOPICS[topic] for w in words):
        words[rng.randrange(n)] = rng.choice(TOPICS[topic])
    return ' '.join(words)


def order_sentence(rng, label):
    (a, b), (c, d) = PAIRS
    units = [[a, b], [c, d]] if label == 'ab' else [[a, d], [c, b]]
    fill = [[rng.choice(FILLER)] for _ in range(rng.randint(0, 4))]
    parts = units + fill
    rng.shuffle(parts)
    return ' '.join(w for p in parts for w in p)


def write(path, rows):
    with open(path, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')


def main(out):
    rng = random.Random(SEED)
    topics = sorted(TOPICS)
    for name, n in (('topic-train', 300), ('topic-valid', 60)):
        rows = []
        for _ in range(n):
            t = rng.choice(topics)
            rows.append({'text': topic_sentence(rng, t), 'label': t})
        write(os.path.join(out, name + '.jsonl'), rows)
    for name, n in (('order-train', 400), ('order-test', 100)):
        rows = []
        for i in range(n):
            lab = 'ab' if rng.random() < 0.5 else 'ad'
            rows.append({'id': i, 'text': order_sentence(rng, lab), 'label': lab})
        write(os.path.join(out, name + '.jsonl'), rows)
    with open(os.path.join(out, 'topic-vectors.vec'), 'w', encoding='utf-8') as f:
        vec_words = ['goal', 'bread', 'rain', 'the', 'zeppelin']
        f.write('%d 8\n' % len(vec_words))
        for w in vec_words:
            f.write(w + ' ' + ' '.join('%.3f' % rng.uniform(-1, 1) for _ in range(8)) + '\n')
    rows = []
    for _ in range(300):
        k = rng.choice((1, 1, 2, 2, 3))
        tags = sorted(rng.sample(topics, k))
        words = []
        for t in tags:
            words += topic_sentence(rng, t).split()
        rng.shuffle(words)
        rows.append({'text': ' '.join(words), 'labels': tags})
    write(os.path.join(out, 'tags-train.jsonl'), rows)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__)))
