#!/usr/bin/python3
"""Writes tiny.w2v.bin by hand, byte by byte, in the word2vec C tool's binary layout:
"V E\n", then per word: UTF-8 word, b" ", E little-endian float32, b"\n".
Run once; the test checks recur's writer against the committed bytes."""
import struct

words = [("the", [0.5, -1.25, 2.0, 0.0]),
         ("café", [1e-3, -3.5, 0.25, 100.0]),
         ("x", [-0.0, 7.0, -2.5, 0.125])]
with open("tiny.w2v.bin", "wb") as f:
    f.write(b"3 4\n")
    for w, v in words:
        f.write(w.encode("utf-8") + b" " + struct.pack("<4f", *v) + b"\n")
with open("tiny.w2v.txt", "w", encoding="utf-8") as f:
    f.write("3 4\n")
    for w, v in words:
        f.write(w + " " + " ".join(repr(struct.unpack("<f", struct.pack("<f", x))[0]) for x in v) + "\n")
