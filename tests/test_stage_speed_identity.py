"""The shortcuts the regions and people stages take for speed give what the plain way gives:
per-process caches, fast pre-scans before slow regular expressions, the segmenter's sentence
slices instead of grouping tokens."""
from __future__ import annotations

import re

import pytest

from pipeline import names, people, regions
from pipeline.read import read_paths

from tests.conftest import RAW

TRICKY = ["Дж.Дж. Иванов", "А.Б.Иванов", ".А.Иванов", "ВА.Иванов", "Иванов А.", "Иванов А.Б.",
          "-Иванов А.", "Петров-Водкин И. С.", "Дж. Коми", "Д. ж.", "Дж.Коми-Петров", "Аа А.",
          "Ааа А.Б.В.", "xАаа А.", "Ааа\nА.", "Ааа А.Бв", "оркестр им. Е.И. Борисова",
          "улица ИМЕНИ Ленина", "Им. Ленина", "премии имени Сахарова и ", "Зимин"]


@pytest.fixture(scope="module")
def texts():
    return [d.text for d in read_paths([RAW])] + TRICKY


def test_initials_scan_finds_what_finditer_finds(texts):
    for text in texts:
        for pattern, start in ((people.INITIALS_NAME, people.INITIALS_NAME_START),
                               (people.SURNAME_INITIALS, people.SURNAME_INITIALS_START)):
            assert [(m.span(), m.groups()) for m in people._matches(pattern, start, text)] == \
                [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_namesake_prefilter_keeps_every_match(texts):
    for text in texts:
        for end in range(0, len(text) + 1, 7):
            for width in (8, 60):
                before = text[max(0, end - width):end]
                assert people._namesake_before(before) == \
                    bool(people.NAMESAKE_BEFORE.search(before)), before
    # the prefilter's premise: under re.I only И and М stand for и and м
    for letter, upper in (("и", "И"), ("м", "М")):
        assert [c for c in map(chr, range(0x10000)) if re.fullmatch(f"(?i){letter}", c)] \
            == sorted([letter, upper])


def test_sentence_slices_are_the_tokens_grouped(samples):
    for doc in samples.values():
        grouped = {}
        for t in doc.tokens:
            grouped.setdefault(t.sent_id, []).append(t)
        assert regions._sentence_tokens(doc) == [grouped[k] for k in sorted(grouped)]
        # slices that do not hold (sentences out of order): grouped by sent_id all the same
        if len(doc.sentences) > 1:
            doc.sentences.reverse()
            try:
                assert not regions._slices_hold(doc.tokens, doc.sentences)
                assert regions._sentence_tokens(doc) == [grouped[k] for k in sorted(grouped)]
            finally:
                doc.sentences.reverse()


def _clear_caches():
    for cache in (regions._RECORDS, regions._NOMINATIVES, names._READINGS, names._NORMALISED):
        cache.clear()
    for cached in (regions._inflect_cached, names.known_parses, names._name_parses,
                   names._word_kinds, people._name_score, people._forms, people._lemmas):
        cached.cache_clear()


def _found(doc):
    return ([(m.start, m.stop, m.normal, m.entity_id) for m in doc.places],
            [(p.person_id, p.name, p.gender, p.variants,
              [(m.start, m.stop, m.normal, m.case) for m in p.mentions]) for p in doc.people],
            [(m.start, m.stop, m.normal) for m in doc.other_names])


def test_results_do_not_depend_on_what_the_caches_hold(nlp, texts):
    warm = [_found(d) for d in nlp.process_many(texts)]
    _clear_caches()
    cold = [_found(d) for d in nlp.process_many(texts)]
    again = [_found(d) for d in nlp.process_many(texts)]
    assert cold == warm == again
