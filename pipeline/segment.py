"""Stage: sentences and tokens, POS and features from natasha's tagger, lemmas from pymorphy3.

natasha's news morph tagger is run by pipeline/fastnn.py (the same weights and tags, faster),
tokens come from fastnn.tokenize (razdel's tokens, faster).

Lines are split first: news pages put headlines and datelines on lines of their own without a
full stop, and razdel alone would glue them to the next sentence.
"""
from __future__ import annotations

import re

from razdel import sentenize

from .fastnn import tokenize
from .records import Sentence, Token
from .stage import Stage

_LINE = re.compile(r"[^\n]+")
# A sentence longer than this (no sentence end in sight: tables, lists glued together) is cut
# into pieces so the tagger's cost and memory stay bounded.
MAX_SENTENCE_TOKENS = 200


def split(doc) -> None:
    """Fill doc.sentences and doc.tokens (no tags yet)."""
    sentences, tokens = [], []
    for line in _LINE.finditer(doc.text):
        base = line.start()
        for sent in sentenize(line.group()):
            if not sent.text.strip():
                continue
            offset = base + sent.start
            found = tokenize(sent.text)
            for i in range(0, len(found), MAX_SENTENCE_TOKENS):
                piece = found[i:i + MAX_SENTENCE_TOKENS]
                sent_id, first = len(sentences), len(tokens)
                tokens += [Token(offset + t_start, offset + t_stop, text, sent_id, first + j)
                           for j, (t_start, t_stop, text) in enumerate(piece)]
                start, stop = offset + piece[0][0], offset + piece[-1][1]
                sentences.append(Sentence(
                    sent_id, start, stop, doc.text[start:stop],
                    is_boilerplate=doc.in_boilerplate(start, stop),
                    token_start=first, token_stop=len(tokens),
                ))
    doc.sentences, doc.tokens = sentences, tokens


def tag(docs, models) -> None:
    """Tag the sentences of many documents in one stream through natasha's morph tagger."""
    words = [
        [t.text for t in doc.tokens[s.token_start:s.token_stop]]
        for doc in docs for s in doc.sentences
    ]
    tagger = models.fast_morph
    pos, feats, feats_key = tagger.pos, tagger.feats, tagger.feats_key
    tags = iter(tagger.tag(words))
    lemma = models.morph.lemma
    for doc in docs:
        for sent in doc.sentences:
            for token, tag in zip(doc.tokens[sent.token_start:sent.token_stop], next(tags)):
                token.pos = pos[tag]
                token.feats = dict(feats[tag])
                token.lemma = lemma(token.text, token.pos, feats_key[tag])


def run(doc, models) -> None:
    run_batch([doc], models)


def run_batch(docs, models) -> None:
    for doc in docs:
        split(doc)
    tag(docs, models)


STAGE = Stage("segment", run, requires=("text", "boilerplate"),
              provides=("sentences", "tokens"), run_batch=run_batch)
