"""Stage: sentences and tokens, POS and features from natasha's tagger, lemmas from pymorphy3.

Lines are split first: news pages put headlines and datelines on lines of their own without a
full stop, and razdel alone would glue them to the next sentence.
"""
from __future__ import annotations

import re

from razdel import sentenize, tokenize

from .models import map_sorted
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
            sent_tokens = [
                Token(base + sent.start + t.start, base + sent.start + t.stop, t.text)
                for t in tokenize(sent.text)
            ]
            for i in range(0, max(len(sent_tokens), 1), MAX_SENTENCE_TOKENS):
                piece = sent_tokens[i:i + MAX_SENTENCE_TOKENS]
                if not piece:
                    continue
                sent_id = len(sentences)
                start, stop = piece[0].start, piece[-1].stop
                for t in piece:
                    t.sent_id = sent_id
                    t.token_id = len(tokens)
                    tokens.append(t)
                sentences.append(Sentence(
                    sent_id, start, stop, doc.text[start:stop],
                    is_boilerplate=doc.in_boilerplate(start, stop),
                    token_start=piece[0].token_id, token_stop=piece[-1].token_id + 1,
                ))
    doc.sentences, doc.tokens = sentences, tokens


def tag(docs, models) -> None:
    """Tag the sentences of many documents in one stream through natasha's morph tagger."""
    words = [
        [t.text for t in doc.tokens[s.token_start:s.token_stop]]
        for doc in docs for s in doc.sentences
    ]
    markups = iter(map_sorted(models.morph_tagger, words))
    morph = models.morph
    for doc in docs:
        for sent in doc.sentences:
            markup = next(markups)
            for token, tagged in zip(doc.tokens[sent.token_start:sent.token_stop], markup.tokens):
                token.pos = tagged.pos
                token.feats = dict(tagged.feats)
                token.lemma = morph.lemma(token.text, token.pos, tuple(sorted(token.feats.items())))


def run(doc, models) -> None:
    run_batch([doc], models)


def run_batch(docs, models) -> None:
    for doc in docs:
        split(doc)
    tag(docs, models)


STAGE = Stage("segment", run, requires=("text", "boilerplate"),
              provides=("sentences", "tokens"), run_batch=run_batch)
