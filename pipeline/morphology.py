"""Adapter around pymorphy3: lemmas that agree with the tagger, and inflection to the nominative.

natasha's MorphVocab wraps pymorphy2 (abandoned, patched at import time); we use pymorphy3
directly. Parses are cached: news repeats its words, and parsing dominates lemmatisation time.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pymorphy3
import pymorphy3.shapes

# UD part of speech -> the OpenCorpora POS tags that may realise it.
UD_TO_OC_POS = {
    "NOUN": {"NOUN"},
    "PROPN": {"NOUN"},
    "ADJ": {"ADJF", "ADJS", "COMP", "PRTF"},
    "VERB": {"VERB", "INFN", "PRTF", "PRTS", "GRND"},
    "AUX": {"VERB", "INFN"},
    "ADV": {"ADVB", "COMP", "PRED"},
    "NUM": {"NUMR", "ADJF"},
    "PRON": {"NPRO"},
    "DET": {"ADJF", "NPRO"},
    "ADP": {"PREP"},
    "CCONJ": {"CONJ"},
    "SCONJ": {"CONJ"},
    "PART": {"PRCL"},
    "INTJ": {"INTJ"},
}
UD_CASE = {"Nom": {"nomn"}, "Gen": {"gent", "gen2"}, "Dat": {"datv"}, "Acc": {"accs"},
           "Ins": {"ablt"}, "Loc": {"loct", "loc2"}, "Voc": {"voct"}, "Par": {"gen2", "gent"}}
UD_NUMBER = {"Sing": "sing", "Plur": "plur"}
UD_GENDER = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}
OC_CASE_TO_UD = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc",
                 "ablt": "Ins", "loct": "Loc", "loc2": "Loc", "voct": "Voc"}


def _is_latin_char(char: str, _seen=pymorphy3.shapes._latin_letters_cache) -> bool:
    """pymorphy3's test, without its ValueError on letters unicodedata cannot name (Tangut
    ideographs, U+17000...): any such letter in a text made the segment stage fail."""
    try:
        return _seen[char]
    except KeyError:
        return _seen.setdefault(char, "LATIN" in unicodedata.name(char, ""))


pymorphy3.shapes.is_latin_char = _is_latin_char  # every analyzer of the process (gazetteer's too)


def keep_yo(original: str, produced: str) -> str:
    """Write 'е' where the source wrote 'е' for 'ё' (pymorphy3 restores 'ё' in lemmas)."""
    if "ё" not in produced or "ё" in original.lower():
        return produced
    return produced.replace("ё", "е").replace("Ё", "Е")


def match_case(template: str, word: str) -> str:
    """Give `word` the capitalisation pattern of `template`."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


class Morphology:
    def __init__(self):
        self.analyzer = pymorphy3.MorphAnalyzer()
        self.parse = lru_cache(maxsize=200_000)(self.analyzer.parse)
        self._lemma = lru_cache(maxsize=200_000)(self._lemma_uncached)

    def lemma(self, word: str, pos: str = "", feats: tuple = ()) -> str:
        """The lower-case lemma of `word` whose parse best agrees with a UD tag."""
        return self._lemma(word.lower(), pos, feats)

    def best_parse(self, word: str, pos: str = "", feats: tuple = ()):
        return best_agreeing(self.parse(word.lower()), pos, dict(feats))

    def _lemma_uncached(self, word: str, pos: str, feats: tuple) -> str:
        if not any(ch.isalpha() for ch in word):
            return word
        parse = best_agreeing(self.parse(word), pos, dict(feats))
        return keep_yo(word, parse.normal_form) if parse else word

    def inflect(self, parse, grammemes: set):
        """parse.inflect that never raises; None when pymorphy3 cannot."""
        try:
            return parse.inflect(grammemes)
        except (ValueError, KeyError):
            return None


def agreement_score(tag, pos: str, feats: dict) -> float:
    score = 0.0
    if pos:
        if tag.POS in UD_TO_OC_POS.get(pos, ()):
            score += 4
        elif pos == "PROPN" and tag.POS is None:
            score += 1
    case = feats.get("Case")
    if case and tag.case in UD_CASE.get(case, ()):
        score += 2
    number = feats.get("Number")
    if number and tag.number == UD_NUMBER.get(number):
        score += 1
    gender = feats.get("Gender")
    if gender and tag.gender == UD_GENDER.get(gender):
        score += 1
    if pos == "PROPN" and ({"Name", "Surn", "Patr", "Geox", "Orgn"} & tag.grammemes):
        score += 1
    return score


def best_agreeing(parses, pos: str, feats: dict):
    if not parses:
        return None
    # pymorphy3's own score breaks ties between equally agreeing parses.
    return max(parses, key=lambda p: (agreement_score(p.tag, pos, feats), p.score))
