"""Adapter around pymorphy3: lemmas that agree with the tagger, and inflection to the nominative.

natasha's MorphVocab wraps pymorphy2 (abandoned, patched at import time); we use pymorphy3
directly. Parses are cached: news repeats its words, and parsing dominates lemmatisation time.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pymorphy3
import pymorphy3.shapes

from .limits import WORD_CACHE

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


PARSE_CACHE = WORD_CACHE
LEMMA_CACHE = WORD_CACHE


class Morphology:
    def __init__(self):
        self.analyzer = pymorphy3.MorphAnalyzer()
        # Bounded so a worker's memory stays flat on a long run: a parse list takes about
        # 500 bytes; 50,000 words cover all but the rarest words of news.
        self.parse = lru_cache(maxsize=PARSE_CACHE)(self.analyzer.parse)
        self._lemma = lru_cache(maxsize=LEMMA_CACHE)(self._lemma_uncached)

    def lemma(self, word: str, pos: str = "", feats: tuple = ()) -> str:
        """The lower-case lemma of `word` whose parse best agrees with a UD tag."""
        return self._lemma(word.lower(), pos, feats)

    def best_parse(self, word: str, pos: str = "", feats: tuple = ()):
        return best_agreeing(self.parse(word.lower()), pos, dict(feats))

    def _lemma_uncached(self, word: str, pos: str, feats: tuple) -> str:
        if not word.isalpha() and not any(ch.isalpha() for ch in word):  # isalpha(): most words, at once
            return word
        parses = self.parse(word)
        if not parses:
            return word
        # Most words' parses share one lemma: then no need to find the one that agrees best.
        normal = parses[0].normal_form
        if any(p.normal_form != normal for p in parses):
            normal = best_agreeing(parses, pos, dict(feats)).normal_form
        return keep_yo(word, normal)

    def inflect(self, parse, grammemes: set):
        """parse.inflect that never raises; None when pymorphy3 cannot."""
        try:
            return parse.inflect(grammemes)
        except (ValueError, KeyError):
            return None


PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn"})

# tag string -> (POS, case, number, gender, proper): what agreement_score reads of a tag,
# as plain strings. pymorphy3 computes each of these attributes anew on every access (a set
# intersection per attribute); news reuses a few thousand tags.
_TAG_FEATURES: dict = {}


def _tag_features(tag):
    key = tag._str if hasattr(tag, "_str") else str(tag)
    features = _TAG_FEATURES.get(key)
    if features is None:
        def plain(value):
            return None if value is None else str(value)

        features = _TAG_FEATURES[key] = (plain(tag.POS), plain(tag.case), plain(tag.number),
                                         plain(tag.gender),
                                         bool(PROPER_GRAMMEMES & tag.grammemes))
    return features


def agreement_score(tag, pos: str, feats: dict) -> float:
    return _score(_tag_features(tag), pos, feats)


def _score(features, pos: str, feats: dict) -> float:
    tag_pos, tag_case, tag_number, tag_gender, proper = features
    score = 0.0
    if pos:
        if tag_pos in UD_TO_OC_POS.get(pos, ()):
            score += 4
        elif pos == "PROPN" and tag_pos is None:
            score += 1
    case = feats.get("Case")
    if case and tag_case in UD_CASE.get(case, ()):
        score += 2
    number = feats.get("Number")
    if number and tag_number == UD_NUMBER.get(number):
        score += 1
    gender = feats.get("Gender")
    if gender and tag_gender == UD_GENDER.get(gender):
        score += 1
    if pos == "PROPN" and proper:
        score += 1
    return score


def best_agreeing(parses, pos: str, feats: dict):
    if not parses:
        return None
    if len(parses) == 1:
        return parses[0]
    # pymorphy3's own score breaks ties between equally agreeing parses.
    return max(parses, key=lambda p: (_score(_tag_features(p.tag), pos, feats), p.score))
