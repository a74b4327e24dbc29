"""The segment stage's shortcuts give what the plain ways give: Morphology.lemma the lemma of the
best agreeing parse, segment's _DEFECT the same verdict as the plain regex of a Latin letter beside a
Cyrillic one, tokenize the same glued-word cuts as trying every token."""
import random
import re

import pytest

from pipeline import segment
from pipeline.morphology import (Morphology, UD_CASE, UD_GENDER, UD_NUMBER, best_agreeing,
                                 keep_yo)

from .conftest import RAW


def _words():
    words = set()
    for path in sorted(RAW.glob("*.txt")):
        words.update(re.findall(r"\S+", path.read_text(encoding="utf-8")))
    words |= {w.strip(".,:;!?()«»\"") for w in words}
    words |= {w.lower() for w in words} | {w.upper() for w in words}
    # one-letter words (initials have units of their own), ё, unknown and hyphenated words
    words |= set("АБВЁЯабвёяZz5") | {"", "ёлка", "елка", "ЁЛКА", "Ёлка", "ежик", "ёжик",
                                      "кто-то", "Ростов-на-Дону", "1990-х", "iPhone", "XIV",
                                      "бабушкинский", "спецпредставителя", "Кудрин", "№", "..."}
    return sorted(words)


@pytest.fixture(scope="module")
def morph():
    return Morphology()


def test_lemma_is_the_best_agreeing_parse(morph):
    """The shortcut (every parse has the same lemma) changes no lemma."""
    feats = [(), (("Case", "Gen"), ("Number", "Plur")), (("Case", "Nom"), ("Gender", "Fem"))]
    feats += [((name, value),) for name, table in
              (("Case", UD_CASE), ("Gender", UD_GENDER), ("Number", UD_NUMBER)) for value in table]
    for word in _words()[::3]:
        low = word.lower()
        if not any(ch.isalpha() for ch in low):
            continue
        for pos in ("", "NOUN", "PROPN", "ADJ", "VERB"):
            for feat in feats:
                best = best_agreeing(morph.parse(low), pos, dict(feat))
                expected = keep_yo(low, best.normal_form) if best else low
                assert morph.lemma(word, pos, feat) == expected, (word, pos, feat)


def test_defect_search_is_the_plain_one():
    plain = re.compile(f"[A-Za-z][А-Яа-яЁё]|[А-Яа-яЁё][A-Za-z]|[{segment.FORMAT_CHARS}]")
    texts = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    rnd = random.Random(0)
    alphabet = "aZбЁ \u200b\ufeff\u202e1.-"
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6)))
              for _ in range(20_000)]
    for text in texts:
        assert bool(segment._DEFECT.search(text)) == bool(plain.search(text)), repr(text)


def test_glued_words_found_as_before():
    """tokenize looks for a word run into the next ("отставкуДэвид") only where the text has a
    capital after a small letter: the same tokens as trying every token."""
    from pipeline.fastnn import tokenize as razdel_tokens

    def plain(text):
        return segment.cut_glued(razdel_tokens(text))

    texts = [line for p in sorted(RAW.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines()]
    texts += ["подал в отставкуДэвид Дэвис", "ВОТ отставкуДЭвид", "ёжикЁлка ёжикЁл"]
    rnd = random.Random(1)
    alphabet = "аяёАЯЁ -zZ"
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12)))
              for _ in range(20_000)]
    for text in texts:
        assert segment.tokenize(text) == plain(text), repr(text)
