"""Stage: natasha's NER tagger (slovnet) for PER / LOC / ORG spans.

natasha's news NER tagger is run by pipeline/fastnn.py (the same weights and spans, faster).
The raw spans go to doc.ner; the people, regions and officials stages decide what they are.
The tagger reads the text as segment does (segment.normal_text, segment.tokenize: look-alike
Latin letters and invisible characters mended, words run together cut), with the same offsets;
a span's `text` is doc.text's own slice.
"""
from __future__ import annotations

from itertools import pairwise

from razdel.segmenters.punct import DASHES

from .records import Mention
from .segment import LINE, normal_text, tokenize
from .stage import Stage

# razdel's dash, underscore, float and fraction rules look one atom past the delimiter they
# judge, so a line read whole can be cut otherwise than its sentences were where one sentence
# ends or starts with such a delimiter ("... в 2017. 5 человек ...": "2017." one token).
_DASH = frozenset(DASHES) | {"_"}
_JOINER = _DASH | frozenset(".,/\\")
# The most tokens the tagger reads at once. A line is read whole up to this (no news paragraph
# comes near it); a longer one (a document of one line, a table glued together) is cut into
# windows of at most this many tokens, at sentence ends where it can be: the CRF's decoding
# holds a tokens x lines x tags history, which for one 60,000-token line took 500 MB.
WINDOW_TOKENS = 1000


def run(doc, models) -> None:
    run_batch([doc], models)


def run_batch(docs, models) -> None:
    # The tagger reads each line by itself (an entity never crosses a line); the lines of all
    # the documents go through it in one stream, as the segment stage's tokens (razdel is not
    # run twice: about a tenth of this stage's time).
    pieces = [(doc, base, window) for doc in docs
              for base, tokens, ends in _line_tokens(doc, with_ends=True)
              for window in _windows(tokens, ends)]
    found = models.fast_ner.spans(None, tokens=[tokens for _, _, tokens in pieces])
    for doc in docs:
        doc.ner = []
    for (doc, base, _), spans in zip(pieces, found):
        for span_start, span_stop, kind in spans:
            start, stop = base + span_start, base + span_stop
            doc.ner.append(Mention(
                type=kind, start=start, stop=stop, text=doc.text[start:stop],
                sent_id=doc.sentence_at(start), in_boilerplate=doc.in_boilerplate(start, stop)))


def _windows(tokens: list, ends: set, size: int = WINDOW_TOKENS) -> list:
    """`tokens` as they are when there are at most `size`, else cut into windows of at most
    `size` tokens, each ending at a sentence end (a token whose stop is in `ends`) if one lies
    in it."""
    if len(tokens) <= size:
        return [tokens]
    windows, start = [], 0
    while start < len(tokens):
        stop = min(start + size, len(tokens))
        if stop < len(tokens):
            stop = next((i for i in range(stop, start, -1) if tokens[i - 1][1] in ends), stop)
        windows.append(tokens[start:stop])
        start = stop
    return windows


def _line_tokens(doc, with_ends: bool = False):
    """(start, tokens) of each non-blank line of doc's normal_text, as tokenize(line) gives them:
    the tokens of the line's sentences, offsets from the line's start; the line tokenized anew
    only where two of its sentences meet at a delimiter razdel could join across (_may_join).
    `with_ends`: (start, tokens, the stops of the line's sentences, from the line's start)."""
    text, tokens, sentences = normal_text(doc.text), doc.tokens, doc.sentences
    s = 0
    for line in LINE.finditer(text):
        if not line.group().strip():
            continue
        base, end, s0 = line.start(), line.end(), s
        while s < len(sentences) and sentences[s].start < end:
            s += 1
        here = sentences[s0:s]
        if not here or any(_may_join(text, a.stop, b.start) for a, b in pairwise(here)):
            found = tokenize(line.group())
        else:
            found = [(x.start - base, x.stop - base, x.text)
                     for x in tokens[here[0].token_start:here[-1].token_stop]]
        if with_ends:
            yield base, found, ({x.stop - base for x in here} if len(here) > 1 else set())
        else:
            yield base, found


def _may_join(text: str, stop: int, start: int) -> bool:
    """Whether razdel, reading a sentence ending at `stop` and the next starting at `start`
    together, could cut them otherwise: they touch, or the last atom is a delimiter touching the
    atom before it (the first: the atom after it) that a rule could join with the other
    sentence's atom (a number to a number for ".,/\\", any for dashes and "_")."""
    if stop == start:
        return True
    last, first = text[stop - 1], text[start]
    before, after = text[stop - 2:stop - 1], text[start + 1:start + 2]
    return ((last in _JOINER and before.strip() != ""
             and (last in _DASH or before.isdecimal() and first.isdecimal()))
            or (first in _JOINER and after.strip() != ""
                and (first in _DASH or last.isdecimal() and after.isdecimal())))


STAGE = Stage("ner", run, requires=("text", "sentences", "tokens", "boilerplate"),
              provides=("ner",), run_batch=run_batch)
