"""pipeline/fastnn.py gives exactly what natasha / slovnet / razdel give, faster.

The references run here are the originals: razdel.tokenize, natasha's NewsMorphTagger and
NewsNERTagger (slovnet's numpy code). The texts: the samples of data/raw/ and, when the
benchmark corpus is there, news articles from it.
"""
from __future__ import annotations

import re

import pytest
from razdel import sentenize
from razdel import tokenize as razdel_tokenize

from pipeline.fastnn import tokenize

from .conftest import RAW

EDGE_TEXTS = [
    "", " ", "а", "-", "!", "...", "yahoo! кто-то 3.14 1/2 5,5 a_b :-) ?!.. --- ** ΔP Δσ mβж",
    "т.е. и т.д. 12-13 «ой» (сл.) ¯\\_(ツ)_/¯ 2011-2020 СИЗО-6 Нур-Султан www.gov.kz e-mail",
    "Губернатор Астраханской области Игорь Бабушкин 9 мая 2014 года встретился с акимом.",
    "\u0423\u0440\u0430! 𗀀 \u200b A.B.C. 10:30 +7 (495) 123-45-67 №5 §3 ½ ²",
]


def _texts(limit=40):
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    try:
        from pipeline.bench import load_news

        texts += [r["text"] for r in load_news(limit=limit)]
    except FileNotFoundError:
        pass
    return texts


@pytest.fixture(scope="module")
def texts():
    return _texts()


@pytest.fixture(scope="module")
def lines(texts):
    return [m.group() for t in texts for m in re.finditer(r"[^\n]+", t) if m.group().strip()]


@pytest.fixture(scope="module")
def natasha_taggers():
    from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger

    emb = NewsEmbedding()
    return NewsMorphTagger(emb), NewsNERTagger(emb)


def test_tokenize_is_razdel(texts, lines):
    for text in EDGE_TEXTS + texts + lines:
        assert tokenize(text) == [(t.start, t.stop, t.text) for t in razdel_tokenize(text)]


def test_morph_tags_are_natashas(lines, models, natasha_taggers):
    morph = natasha_taggers[0]
    sentences = [[t.text for t in razdel_tokenize(s.text)] for line in lines
                 for s in sentenize(line)]
    sentences = [s for s in sentences if s] + [["Один"], ["а", "б"]]
    fast = models.fast_morph
    ids = fast.tag(sentences)
    assert len(ids) == len(sentences)
    n = 0
    for words, markup, tags in zip(sentences, morph.map(sentences), ids):
        assert len(tags) == len(words)
        for token, tag in zip(markup.tokens, tags):
            assert (fast.pos[tag], fast.feats[tag]) == (token.pos, token.feats), token.text
            n += 1
    assert n > 1000


def test_ner_spans_are_natashas(texts, lines, models, natasha_taggers):
    ner = natasha_taggers[1]
    fast = models.fast_ner
    for items in (lines, texts, EDGE_TEXTS[2:]):  # lines as the ner stage reads them; whole texts
        expected = [[(s.start, s.stop, s.type) for s in markup.spans] for markup in ner.map(items)]
        assert fast.spans(items) == expected
    assert sum(len(s) for s in fast.spans(lines)) > 50


def test_empty_and_one_word_items(models):
    assert models.fast_ner.spans([]) == []
    assert models.fast_ner.spans(["", "   ", "Москва"])[:2] == [[], []]
    assert models.fast_morph.tag([]) == []
    assert models.fast_morph.tag([[], ["Москва"]])[0] == []


def test_batching_does_not_change_tags(lines, models, monkeypatch):
    """Tags do not depend on which other sentences share a forward pass."""
    from pipeline import fastnn

    fast = models.fast_ner
    together = fast.spans(lines[:60])
    monkeypatch.setattr(fastnn, "CHUNK_TOKENS", 7)
    assert fast.spans(lines[:60]) == together
    assert [fast.spans([line])[0] for line in lines[:60]] == together
