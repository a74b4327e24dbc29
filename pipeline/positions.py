"""The position lexicon: titles and modifiers from data files, matched on lemma sequences."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


# Official titles, then the broader professions (positions.csv wins where both have a title).
TITLE_FILES = ("professions.csv", "positions.csv")
FUNCTION_WORDS = {"и", "по", "в", "на", "от", "для", "при"}
ADJECTIVE_END = re.compile(r"(ый|ий|ой|ая|яя|ое|ее)$")


def fold(lemma: str) -> str:
    """Lemmas are compared with ё written as е: sources spell "актёр" both ways."""
    return lemma.replace("ё", "е")


@dataclass(frozen=True)
class Title:
    lemmas: tuple
    category: str
    country: str
    kind: str  # head / relational


def read_rows(path: Path) -> list[dict]:
    """A CSV data file whose leading '#' lines note its source."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))


class PositionLexicon:
    def __init__(self, titles: list[Title], modifiers: dict):
        self.titles = {t.lemmas: t for t in titles}
        self.max_len = max(len(k) for k in self.titles)
        self.modifiers = modifiers  # lemma tuple -> flag ("acting", "former", "first", "")
        self.max_modifier_len = max(len(k) for k in modifiers)
        self.first_words = {k[0] for k in self.titles}
        self.post_categories = {t.category for t in titles}

    @classmethod
    def load(cls, morph) -> "PositionLexicon":
        """Titles are written naturally in the data; they are matched on lemmas, made here with
        the same analyser the tokens get theirs from."""
        def lemmas(phrase: str) -> tuple:
            # Read as the tagger reads a title in the nominative: adjectives, then the head noun,
            # then genitive dependents ("генеральный консул", "председатель маслихата").
            words, out, head_seen = phrase.split(), [], False
            for i, w in enumerate(words):
                if head_seen:
                    hint = ("", (("Case", "Gen"),))
                elif w in FUNCTION_WORDS:
                    hint = ("", ())
                elif i < len(words) - 1 and ADJECTIVE_END.search(w):
                    hint = ("ADJ", (("Case", "Nom"),))
                else:
                    hint, head_seen = ("NOUN", (("Case", "Nom"), ("Number", "Sing"))), True
                out.append(fold(morph.lemma(w, *hint)))
            return tuple(out)

        titles = [
            Title(lemmas(r["title"]), r["category"], r["country"], r["kind"])
            for name in TITLE_FILES for r in read_rows(DATA / name)
        ]
        modifiers = {lemmas(r["modifier"]): r["flag"]
                     for r in read_rows(DATA / "position_modifiers.csv")}
        lexicon = cls(titles, modifiers)
        # categories of official posts (positions.csv), as against occupations
        lexicon.post_categories = {r["category"] for r in read_rows(DATA / "positions.csv")}
        return lexicon

    def match_title(self, lemmas: list[str], i: int):
        """Longest title starting at lemmas[i]: (Title, length) or (None, 0)."""
        if i >= len(lemmas) or lemmas[i] not in self.first_words:
            return None, 0
        for n in range(min(self.max_len, len(lemmas) - i), 0, -1):
            title = self.titles.get(tuple(lemmas[i:i + n]))
            if title:
                return title, n
        return None, 0

    def match_modifier(self, lemmas: list[str], i: int):
        for n in range(min(self.max_modifier_len, len(lemmas) - i), 0, -1):
            key = tuple(lemmas[i:i + n])
            if key in self.modifiers:
                return self.modifiers[key], n
        return None, 0
