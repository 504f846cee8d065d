"""Builds porter2-reference.tsv: words with their stems from the reference Snowball English stemmer.

Run from the repository root with `pip install snowballstemmer==3.1.1` and
`python3 Tests/EthosPluginsTests/Fixtures/make-porter2-reference.py > Tests/EthosPluginsTests/Fixtures/porter2-reference.tsv`.
The words are every plain entry of VADER's lexicon, every word of the text-analysis fixture and
every word of the benchmark's record generator: about 7,500 words of every shape the stemmer's
steps handle. EnglishStemmer must give each word its reference stem (StemmerTests).
snowballstemmer is BSD-3-Clause; the stems are its output.
"""
import json
import re

import snowballstemmer

stemmer = snowballstemmer.stemmer("english")
words = set()
for line in open("Sources/EthosPlugins/Embedded/VADER/vader_lexicon.txt", encoding="utf-8"):
    word = line.split("\t")[0].strip()
    if re.fullmatch(r"[a-z][a-z']*", word):
        words.add(word)
for line in open("Tests/EthosPluginsTests/Fixtures/analysis-golden.jsonl", encoding="utf-8"):
    words.update(word.lower() for word in re.findall(r"[A-Za-z][A-Za-z']*", json.loads(line)["text"]))
for line in open("Sources/ethos-bench/RecordGenerator.swift", encoding="utf-8"):
    for literal in re.findall(r'"([^"]*)"', line):
        words.update(word.lower() for word in re.findall(r"[A-Za-z][A-Za-z']*", literal))
for word in sorted(words):
    print(f"{word}\t{stemmer.stemWord(word)}")
