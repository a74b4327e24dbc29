"""Stage: sentences and tokens, POS and features from natasha's tagger, lemmas from pymorphy3.

natasha's news morph tagger is run by pipeline/fastnn.py (the same weights and tags, faster),
tokens come from fastnn.tokenize (razdel's tokens, faster).

Lines are split first: news pages put headlines and datelines on lines of their own without a
full stop, and razdel alone would glue them to the next sentence.

Text defects that break words are mended in a copy the taggers read (`normal_text`), of the same
length, so every offset still indexes doc.text: Latin letters that look Cyrillic inside a Cyrillic
word ("Cергей" with a Latin C, "Джoнсон" with a Latin o) become Cyrillic, and invisible format
characters (zero-width spaces, joiners, byte-order marks, direction marks) become spaces, but
for joiners between two letters of a word ("Бабу\u200dшкин"), which stay, as the soft hyphen
does, so the word stays one. A token's `text` is its slice of that copy (what the taggers saw,
what lemmas and names are made of) with those in-word joiners and soft hyphens left out
("Бабушкин": then shorter than its span); its start/stop index doc.text, and every mention's
`text` is doc.text's own slice. A token of a lower-case word run into a capitalised one
("отставкуДэвид": a lost space) is two tokens.

Lines end at "\n", "\r\n" or a lone "\r" (old Mac files): a file with CR-only line ends is
still read line by line.
"""
from __future__ import annotations

import re
from functools import lru_cache

from razdel import sentenize

from .fastnn import tokenize as _tokenize
from .records import Sentence, Token
from .stage import Stage

# A line of text: clean, segment and ner read text line by line. A "\r" ends a line too unless a
# "\n" follows (then it stays in the line, as it always did: the same spans for "\r\n" files).
LINE = re.compile(r"(?:[^\n\r]|\r(?=\n))+")
# A sentence longer than this (no sentence end in sight: tables, lists glued together) is cut
# into pieces so the tagger's cost and memory stay bounded.
MAX_SENTENCE_TOKENS = 200
# The most tokens a document may have: each costs about 2 KB until the document's rows are
# written, so this bounds a worker's memory (about 200 MB over its models) whatever the input.
# A news article has hundreds; a longer document is an error row ("split it").
MAX_DOCUMENT_TOKENS = 100_000


class DocumentTooLong(ValueError):
    pass

# Latin letters drawn like Cyrillic ones, and their Cyrillic twins.
HOMOGLYPHS = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")
_LATIN_LOOKALIKE = frozenset("aceopxyABCEHKMOPTX")
# A word holding a Latin letter and a Cyrillic one.
_MIXED_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]*(?:[A-Za-z][А-Яа-яЁё]|[А-Яа-яЁё][A-Za-z])"
                         r"[A-Za-zА-Яа-яЁё]*")
# Invisible format characters (Unicode Cf) met in news text, read as spaces. The soft hyphen
# stays: it sits inside words, where a space would cut them.
FORMAT_CHARS = ("\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
                "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e")
_FORMAT_TO_SPACE = str.maketrans(FORMAT_CHARS, " " * len(FORMAT_CHARS))
# Joiners between two letters of a word (not before a capital: that starts a word) are kept:
# razdel reads the word whole. They (and soft hyphens) are then left out of the token's text,
# the word the taggers read.
JOINERS = "\u200c\u200d\u2060"
_IN_WORD_JOINER = re.compile(f"(?<=[^\\W\\d_])[{JOINERS}]+(?=[^\\W\\d_])(?![A-ZА-ЯЁ])")
_DROP_JOINERS = str.maketrans("", "", JOINERS + "\u00ad")
_HAS_JOINER = re.compile(f"[{JOINERS}\u00ad]")
# A Latin letter beside a Cyrillic one, or a format character: written to start with one character
# class, so the regex engine skips to the rare Latin letters and format characters.
_DEFECT = re.compile(f"[A-Za-z{FORMAT_CHARS}](?:(?<=[{FORMAT_CHARS}])|(?<=[А-Яа-яЁё][A-Za-z])"
                     f"|(?=[А-Яа-яЁё]))")
# A lower-case Cyrillic word run into a capitalised one: "отставкуДэвид".
_GLUED = re.compile(r"^([а-яё]{3,})([А-ЯЁ][а-яё]{2,})$")
# What every such word holds, a capital after a small letter; written to start with one character
# class, so the regex engine skips to the capitals.
_GLUED_HINT = re.compile(r"[А-ЯЁ](?<=[а-яё][А-ЯЁ])")


def _mend_word(m) -> str:
    word = m.group()
    if all(ch in _LATIN_LOOKALIKE for ch in word if "A" <= ch <= "z"):
        return word.translate(HOMOGLYPHS)
    return word  # a Latin word or a brand mixing scripts on purpose: left as it is


@lru_cache(maxsize=16)
def normal_text(text: str) -> str:
    """`text` as the taggers read it: the same length, offsets unchanged, with Latin look-alike
    letters inside Cyrillic words made Cyrillic and invisible format characters made spaces."""
    if not _DEFECT.search(text):
        return text
    kept = [m.span() for m in _IN_WORD_JOINER.finditer(text)]
    if kept:
        pieces, last = [], 0
        for start, stop in kept:
            pieces += [text[last:start].translate(_FORMAT_TO_SPACE), text[start:stop]]
            last = stop
        spaced = "".join(pieces) + text[last:].translate(_FORMAT_TO_SPACE)
    else:
        spaced = text.translate(_FORMAT_TO_SPACE)
    return _MIXED_WORD.sub(_mend_word, spaced)


def as_read(word: str) -> str:
    """A token's word as the taggers read it: its slice of normal_text without the joiners and
    soft hyphens inside it (the word itself when it is nothing else)."""
    return word.translate(_DROP_JOINERS) or word


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """razdel's tokens of `text` (already normal_text), a lower-case word run into a capitalised
    one cut in two ("подал в отставкуДэвид Дэвис")."""
    tokens = _tokenize(text)
    if _HAS_JOINER.search(text):
        tokens = [(start, stop, as_read(word)) for start, stop, word in tokens]
    if not _GLUED_HINT.search(text):  # one search of the text, not a match per token
        return tokens
    return cut_glued(tokens)


def cut_glued(tokens: list) -> list:
    """Each token that is a lower-case word run into a capitalised one, as two tokens."""
    out = []
    for start, stop, word in tokens:
        # (a word read without a joiner is shorter than its span: its cut could not be placed)
        m = _GLUED.match(word) if stop - start == len(word) else None
        if m:
            cut = start + m.end(1)
            out += [(start, cut, m.group(1)), (cut, stop, m.group(2))]
        else:
            out.append((start, stop, word))
    return out


# A sentence longer than this (characters) is tokenized piece by piece, cut at spaces (razdel
# never joins across a space), so a document over the token limit is refused before its
# millions of tokens are all made.
PIECE_CHARS = 50_000


def _pieces(text: str, size: int = PIECE_CHARS):
    """(offset, piece) of `text`: itself when short, else pieces of about `size` characters
    ending at a space where there is one."""
    if len(text) <= size:
        yield 0, text
        return
    start = 0
    while start < len(text):
        stop = min(start + size, len(text))
        if stop < len(text):
            space = max(text.rfind(" ", start, stop), text.rfind("\n", start, stop))
            stop = space + 1 if space > start else stop
        yield start, text[start:stop]
        start = stop


def split(doc) -> None:
    """Fill doc.sentences and doc.tokens (no tags yet)."""
    sentences, tokens = [], []
    for line in LINE.finditer(normal_text(doc.text)):
        base = line.start()
        for sent in sentenize(line.group()):
            if not sent.text.strip():
                continue
            offset = base + sent.start
            found = []
            for at, piece in _pieces(sent.text):
                found += [(a + at, b + at, w) for a, b, w in tokenize(piece)] if at else \
                    tokenize(piece)
                if len(tokens) + len(found) > MAX_DOCUMENT_TOKENS:
                    raise DocumentTooLong(
                        f"over {MAX_DOCUMENT_TOKENS:,} tokens: split it into smaller documents")
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
    # (word, tag id) -> lemma: news repeats its words, and this key is cheaper to look up than
    # lemma()'s own cache (no lower-casing, no hashing of the features)
    lemmas = {}
    for doc in docs:
        for sent in doc.sentences:
            for token, tag in zip(doc.tokens[sent.token_start:sent.token_stop], next(tags)):
                token.pos = pos[tag]
                token.feats = dict(feats[tag])
                key = (token.text, tag)
                word_lemma = lemmas.get(key)
                if word_lemma is None:
                    word_lemma = lemmas[key] = lemma(token.text, token.pos, feats_key[tag])
                token.lemma = word_lemma


def run(doc, models) -> None:
    run_batch([doc], models)


def run_batch(docs, models) -> None:
    for doc in docs:
        split(doc)
    tag(docs, models)


STAGE = Stage("segment", run, requires=("text", "boilerplate"),
              provides=("sentences", "tokens"), run_batch=run_batch)
