"""Personal names: which word is the first name, patronymic or surname, and its nominative.

The name is inflected as a whole. Every word offers readings — (gender, case, nominative,
weight) — from pymorphy3's dictionary where it knows the word as a name, and from the declension
paradigms of Russian names by their endings, which hold for names no dictionary knows
("Шапкеновым", "Сактагановым", "Асии", "Нисару"). The reading of the whole name is the (gender,
case) its words agree on best, helped by natasha's contextual tags and, when the caller knows
it, the person's gender from the rest of the document; each word then takes its nominative
under that reading. Words keep their spelling and capitals ("уль-Малук", "Елизавета II",
"Т.Мэй"); words written in capitals come out capitalised.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .limits import NAME_CACHE
from .morphology import keep_yo

VOWELS = set("аеёиоуыэюяaeiouy")
SIBILANTS = set("жшчщц")
VELARS = set("кгх")
CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
INITIAL = re.compile(r"^(?:[А-ЯЁA-Z]|Дж|Ш|Ч|Ц|Э|Ю|Я|Th|Ch|Sh)\.?$")
ROMAN = re.compile(r"^[IVXLC]+$")
CYRILLIC = re.compile(r"^[а-яё]+$")
PATRONYMIC = re.compile(
    r"(ович|евич|ьич)(а|у|ем|е)?$|(овн|евн|ичн)(а|ы|е|у|ой|ою)$|(улы|уулу|кызы|оглы|кызи)$")
# Surname paradigms: possessive (-ов, -ин) and adjectival (-ский) stems.
POSSESSIVE_STEMS = ("ов", "ев", "ёв", "ин", "ын")
ADJECTIVAL_STEMS = ("ск", "цк")
INDECLINABLE = ("енко", "ко", "их", "ых", "аго", "яго", "швили", "дзе", "уулу", "улы", "кызы",
                "оглы")
OC_GENDER = {"masc": "m", "femn": "f"}
OC_CASE = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc",
           "ablt": "Ins", "loct": "Loc", "loc2": "Loc", "voct": "Nom"}
UD_GENDER = {"Masc": "m", "Fem": "f"}
# How much natasha's contextual tags of the name's words weigh, against one word's own reading
# (1.0): they see the sentence, but guess for names they do not know.
CONTEXT_CASE = 0.6
CONTEXT_GENDER = 0.4
# Names stand in the locative only after о / при / в: the rarest reading when nothing says so.
CASE_PRIOR = {"Nom": 0.01, "Loc": -0.3}
# A name in apposition to a title stands in the title's case ("акима области Бердыбека
# Сапарбаева"): it weighs half a word's own reading, so it settles the names whose words read two
# ways alike (masculine genitive or feminine nominative) and overrules none that do not (the
# title may govern the name rather than stand beside it: "звали крокодила Геной").
APPOSITION_CASE = 0.5
# Turkic patronymic words ("Абдыгалиулы", "Кансейтулы", "Жапаркызы"): a patronymic between a
# first name and a surname, else (most Kazakhs write theirs so) the surname itself.
TURKIC_PATRONYMIC = re.compile(r"(улы|уулу|кызы|оглы|кызи)$", re.I)


@dataclass
class NameParts:
    first: str = ""
    middle: str = ""
    last: str = ""
    gender: str = ""  # m / f / ""
    case: str = ""  # the case the name was written in (UD); "" when the name does not show it
    gender_margin: float = 0.0  # how much better the name reads feminine than masculine
    best_case: str = ""  # the likeliest case, even when the name does not show it for sure
    roles: list = field(default_factory=list)  # role of each word: first/middle/last/initial
    words: list = field(default_factory=list)  # each word in the nominative, in text order

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


@dataclass(frozen=True)
class Reading:
    gender: str  # "m", "f" or "" (either)
    case: str  # one of CASES, or "*" (the word does not decline)
    nominative: str
    weight: float


def title(word: str) -> str:
    """Capitalise each hyphen-separated part: 'касым-жомарт' -> 'Касым-Жомарт'."""
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def _known(p) -> bool:
    """The dictionary knows the word itself (not a guess from a known ending)."""
    return p.is_known


@lru_cache(maxsize=NAME_CACHE)  # bounded: a long run meets ever new words
def known_parses(low: str, morph) -> tuple:
    """pymorphy3's readings of the lower-case word `low` that its dictionary itself knows (not
    guesses from the ending), in pymorphy3's order. Cached: names and people ask about the
    same words again and again."""
    return tuple(p for p in morph.parse(low) if _known(p))


def word_kinds(word: str, morph) -> dict:
    """How plausible each name role is for `word`, from pymorphy3 and endings (cached; a copy
    is returned each time)."""
    return dict(_word_kinds(word.lower(), morph))


@lru_cache(maxsize=NAME_CACHE)  # bounded: a long run meets ever new words
def _word_kinds(low: str, morph) -> dict:
    parses = morph.parse(low)
    kinds = {"name": 0.0, "patr": 0.0, "surn": 0.0, "common": 0.0}
    for p in parses:
        g = p.tag.grammemes
        known = _known(p)
        weight = p.score * (1.0 if known else 0.5)
        if "Name" in g:
            kinds["name"] += weight
        elif "Patr" in g:
            kinds["patr"] += weight
        elif "Surn" in g:
            kinds["surn"] += weight
        elif known:
            kinds["common"] += weight
    if PATRONYMIC.search(low) and len(low) > 5:
        kinds["patr"] += 1.0
    if re.search(r"(ов|ев|ёв|ин|ын)(а|у|ым|е|ой)?$|(ский|цкий|ская|цкая|ского|ской|ским|скую|"
                 r"ского|ому|енко|швили|дзе|ян|янц|ук|юк)$", low):
        kinds["surn"] += 0.6
    return kinds


SURNAME_SHAPE = re.compile(r"(ов|ев|ёв|ин|ын)(а|у|ым|е|ой)?$|(ск|цк)(ий|ая|ого|ой|ому|им|ую)$|"
                           r"(енко|швили|дзе|ян|янц|ук|юк)$")


def _dictionary_name(word: str, morph) -> bool:
    """The dictionary itself (not a guess) knows `word` as a first name."""
    return any(p.is_known and "Name" in p.tag.grammemes for p in morph.parse(word.lower()))


def assign_roles(words: list[str], morph) -> list[str]:
    """Role of each word: first / middle / last / initial."""
    roles = ["initial" if INITIAL.match(w) and w.endswith(".") else "" for w in words]
    full = [i for i, w in enumerate(words) if not roles[i]]
    kinds = {i: word_kinds(words[i], morph) for i in full}
    if not full:
        return roles
    if len(full) <= 2 and TURKIC_PATRONYMIC.search(words[full[-1]]) and \
            not (len(full) == 2 and TURKIC_PATRONYMIC.search(words[full[0]])):
        # "Берик Абдыгалиулы", "Абдыгалиулы": no other word to be the surname
        for i in full[:-1]:
            roles[i] = "first"
        roles[full[-1]] = "last"
        return roles
    if len(full) == 1:
        i = full[0]
        k = kinds[i]
        if any(r == "initial" for r in roles):
            roles[i] = "last"
        elif k["patr"] >= 0.5 and k["name"] < 0.5:
            roles[i] = "middle"
        elif k["name"] > max(k["surn"], 0.3):
            roles[i] = "first"
        else:
            roles[i] = "last"
        return roles
    patr = [i for i in full if kinds[i]["patr"] >= 0.5]
    if len(full) >= 3 and patr:
        p = patr[-1]
        if p == full[-1]:  # Фамилия Имя Отчество
            roles[full[0]], roles[full[-2]], roles[p] = "last", "first", "middle"
            for i in full[1:-2]:
                roles[i] = "last"
        else:  # Имя Отчество Фамилия
            roles[p] = "middle"
            before = [i for i in full if i < p]
            after = [i for i in full if i > p]
            for i in before:
                roles[i] = "first"
            for i in after:
                roles[i] = "last"
        return roles
    if len(full) == 2:
        a, b = full
        ka, kb = kinds[a], kinds[b]
        if any(r == "initial" for r in roles[:a]):  # "А. Иванов Петров": initials, surnames
            roles[a] = roles[b] = "last"
        elif kb["patr"] >= 0.5 and ka["name"] >= ka["surn"]:
            roles[a], roles[b] = "first", "middle"
        elif (kb["name"] > kb["surn"] + 0.2 and ka["surn"] > ka["name"] + 0.2
              and ka["name"] < 0.3 and (_dictionary_name(words[b], morph)
                                         or SURNAME_SHAPE.search(words[a].lower()))):
            # Бабушкин Игорь; but not "Морган Цвангираи", where only a guess reads the second
            # word as a first name and the first has no surname's ending
            roles[a], roles[b] = "last", "first"
        else:
            roles[a], roles[b] = "first", "last"
        return roles
    # Four or more words without a patronymic: first name, then the rest as the surname.
    roles[full[0]] = "first"
    for i in full[1:]:
        roles[i] = "last"
    return roles


# -- readings of one word ----------------------------------------------------------------------

def _soft(stem: str) -> str:
    """The nominative of a masculine noun stem whose endings were soft (-я, -ю, -ем)."""
    if stem[-1:] in VOWELS:
        return stem + "й"
    return stem if stem[-1:] in SIBILANTS else stem + "ь"


# Surname endings: (ending, ((gender, cases, what the nominative adds to the stem), ...)).
POSSESSIVE_ENDINGS = (
    ("а", (("m", ("Gen", "Acc"), ""), ("f", ("Nom",), "а"))),
    ("у", (("m", ("Dat",), ""), ("f", ("Acc",), "а"))),
    ("ым", (("m", ("Ins",), ""),)),
    ("е", (("m", ("Loc",), ""),)),
    ("ой", (("f", ("Gen", "Dat", "Ins", "Loc"), "а"),)),
    ("ою", (("f", ("Ins",), "а"),)))
ADJECTIVAL_ENDINGS = (
    ("ий", (("m", ("Nom",), "ий"),)), ("ой", (("f", ("Gen", "Dat", "Ins", "Loc"), "ая"),
                                              ("m", ("Nom",), "ой"))),
    ("ая", (("f", ("Nom",), "ая"),)), ("ую", (("f", ("Acc",), "ая"),)),
    ("ого", (("m", ("Gen", "Acc"), "ий"),)), ("ому", (("m", ("Dat",), "ий"),)),
    ("им", (("m", ("Ins",), "ий"),)), ("ом", (("m", ("Loc",), "ий"),)))
# Every ending the two paradigms look for, to rule them both out in one test.
_SURNAME_SUFFIXES = tuple(
    [stem for stem in POSSESSIVE_STEMS]
    + [stem + ending for stem in POSSESSIVE_STEMS for ending, _ in POSSESSIVE_ENDINGS]
    + [stem + ending for stem in ADJECTIVAL_STEMS for ending, _ in ADJECTIVAL_ENDINGS])


def _fleeting(stem: str) -> str:
    """The nominative of a masculine stem that lost its fleeting е before the ending: "Кравц-ом"
    -> "Кравец", as -ец nouns decline (a consonant before ц); not after н, р, т, where German
    names end so in the nominative ("Лоренца" -> "Лоренц", "Шварца" -> "Шварц", "Тротца")."""
    if len(stem) > 3 and stem[-1] == "ц" and stem[-2] in "бвгклмпфх":
        return stem[:-1] + "ец"
    return stem


def _ending_readings(low: str, role: str) -> list:
    """Readings of a name by its ending: the declension paradigms of Russian names."""
    out = _paradigm_readings(low, role)
    if role == "last" and "ц" in low:  # "Кравцом", "Кравца" -> "Кравец"
        out = [replace(r, nominative=_fleeting(r.nominative)) if r.gender == "m" and r.case
               not in ("Nom", "*") else r for r in out]
    return out


def _paradigm_readings(low: str, role: str) -> list:
    R = Reading
    out = []
    if not CYRILLIC.match(low) or len(low) < 2:
        return [R("", "*", low, 1.0)]  # Latin script, digits: not inflected in Russian text
    if role == "middle":
        m = re.search(r"(ович|евич|ьич|ич)(а|у|ем|е)?$", low)
        if m:
            stem, end = low[:m.end(1)], m.group(2) or ""
            cases = {"": ("Nom",), "а": ("Gen", "Acc"), "у": ("Dat",), "ем": ("Ins",),
                     "е": ("Loc",)}[end]
            return [R("m", c, stem, 1.0) for c in cases]
        m = re.search(r"(овн|евн|ичн|иничн)(а|ы|е|у|ой|ою)$", low)
        if m:
            stem, end = low[:m.end(1)], m.group(2)
            cases = {"а": ("Nom",), "ы": ("Gen",), "е": ("Dat", "Loc"), "у": ("Acc",),
                     "ой": ("Ins",), "ою": ("Ins",)}[end]
            return [R("f", c, stem + "а", 1.0) for c in cases]
        if low.endswith(("улы", "уулу", "кызы", "оглы", "кызи")):
            return [R("", "*", low, 1.0)]
    if low.endswith(INDECLINABLE) and role == "last":
        return [R("", "*", low, 1.0)]
    if role == "last" and low.endswith(_SURNAME_SUFFIXES):  # else none of the loops matches
        for stem_end in POSSESSIVE_STEMS:
            if low.endswith(stem_end):
                return [R("m", "Nom", low, 1.0)]
            for ending, readings in POSSESSIVE_ENDINGS:
                if low.endswith(stem_end + ending):
                    stem = low[: -len(ending)]
                    return [R(g, c, stem + add, 1.0) for g, cases, add in readings for c in cases]
        for stem_end in ADJECTIVAL_STEMS:
            for ending, readings in ADJECTIVAL_ENDINGS:
                if low.endswith(stem_end + ending):
                    stem = low[: -len(ending)]
                    return [R(g, c, stem + add, 0.5 if (ending == "ой" and g == "m") else 1.0)
                            for g, cases, add in readings for c in cases]
    last, prev = low[-1], low[-2]
    if last not in VOWELS and last not in "йь":
        out.append(R("m", "Nom", low, 1.0))
        out.append(R("f", "*", low, 1.0 if role == "last" else 0.8))
        if low.endswith(("ом", "ем", "ём")) and len(low) > 4:
            stem = low[:-2]
            nom = stem if low.endswith("ом") else _soft(stem)
            out = [R("m", "Nom", low, 0.6), R("f", "*", low, 0.5), R("m", "Ins", nom, 1.0)]
    elif last in "йь":
        out.append(R("m", "Nom", low, 1.0))
        out.append(R("f", "*" if last == "й" else "Nom", low, 0.8))
        if low.endswith(("ой", "ей")) and len(low) > 4:
            out.append(R("f", "Ins", low[:-2] + ("а" if low.endswith("ой") else "я"), 1.0))
            if role == "last" and low.endswith("ой"):
                # a man's surname in -а declines as the noun does ("с Ахмадзодой")
                out = [r for r in out if r.gender != "m"] + [R("m", "Nom", low, 0.4),
                                                             R("m", "Ins", low[:-2] + "а", 0.7)]
    elif last == "а":
        out += [R("f", "Nom", low, 1.0), R("m", "Nom", low, 0.5)]
        stem = low[:-1]
        if stem[-1:] not in VOWELS:
            out += [R("m", "Gen", stem, 1.0), R("m", "Acc", stem, 1.0)]
    elif last == "я":
        out += [R("f", "Nom", low, 1.0), R("m", "Nom", low, 0.4)]
        out += [R("m", "Gen", _soft(low[:-1]), 1.0), R("m", "Acc", _soft(low[:-1]), 1.0)]
    elif last == "ы":
        out += [R("", "Gen", low[:-1] + "а", 1.0)]
        if role == "last":
            # Turkic surnames end so in the nominative and do not decline ("Сатыбалды"): men's
            out += [R("m", "*", low, 0.35)]
    elif last == "и":
        if prev == "и":
            out += [R("f", c, low[:-1] + "я", 1.0) for c in ("Gen", "Dat", "Loc")]
            out += [R("m", "Loc", low[:-1] + "й", 0.5)]
        elif prev in VELARS or prev in SIBILANTS:
            out += [R("", "Gen", low[:-1] + "а", 0.7), R("", "*", low, 0.6)]
        elif prev in VOWELS:
            out += [R("", "*", low, 1.0)]
        else:
            out += [R("", "*", low, 1.0)]
            out += [R("f", c, low[:-1] + "я", 0.4) for c in ("Gen", "Dat", "Loc")]
    elif last == "у":
        out += [R("m", "Dat", low[:-1], 1.0), R("f", "Acc", low[:-1] + "а", 1.0),
                R("m", "Acc", low[:-1] + "а", 0.4), R("", "*", low, 0.25)]
    elif last == "ю":
        out += [R("m", "Dat", _soft(low[:-1]), 1.0), R("f", "Acc", low[:-1] + "я", 1.0),
                R("m", "Acc", low[:-1] + "я", 0.4), R("", "*", low, 0.25)]
    elif last == "е":
        if prev in "иь":  # "Асие", "Наталье"
            out += [R("f", c, low[:-1] + "я", 1.0) for c in ("Dat", "Loc")]
            if prev == "и":
                out += [R("m", "Loc", low[:-1] + "й", 0.4)]
        else:
            out += [R("f", c, low[:-1] + "а", 1.0) for c in ("Dat", "Loc")]
            out += [R("m", c, low[:-1] + "а", 0.4) for c in ("Dat", "Loc")]
            if prev not in VOWELS:
                out += [R("m", "Loc", low[:-1], 1.0)]
            else:
                out += [R("m", "Loc", low[:-1] + "й", 1.0)]
        out += [R("", "*", low, 0.5)]
    else:  # -о, -э, -ё and the like
        out += [R("", "*", low, 1.0)]
    return out


@lru_cache(maxsize=NAME_CACHE)  # bounded: a long run meets ever new words
def _name_parses(low: str, morph) -> tuple:
    """(parse, kind, gender, case, nominative) of each reading pymorphy3's dictionary gives
    `low` as a name; case "*" for its indeclinable names. Whatever the role: cached once a
    word, as a word is read in up to three roles and pymorphy3's inflect builds the whole
    lexeme."""
    out = []
    for p in known_parses(low, morph):
        g = p.tag.grammemes
        kind = {"Name", "Surn", "Patr"} & g
        if not kind or (p.tag.number == "plur" and "Fixd" not in g):
            continue
        gender = OC_GENDER.get(p.tag.gender, "")
        if "Fixd" in g:  # the dictionary's indeclinable names
            out.append((p, kind, gender, "*", low))
            continue
        case = OC_CASE.get(p.tag.case or "", "")
        if not case:
            continue
        grams = {"nomn", "sing"} | ({p.tag.gender} if "Surn" in g and p.tag.gender else set())
        try:
            inflected = p.inflect(grams)
        except (ValueError, KeyError):
            inflected = None
        out.append((p, kind, gender, case, inflected.word if inflected else p.normal_form))
    return tuple(out)


def _dictionary_readings(low: str, role: str, morph) -> list:
    """Readings pymorphy3's dictionary gives `low` as a name (Name / Surn / Patr)."""
    wanted = {"first": "Name", "last": "Surn", "middle": "Patr"}.get(role, "")
    out = []
    for p, kind, gender, case, nominative in _name_parses(low, morph):
        if case == "*":
            out.append(Reading(gender, "*", low, 0.9 if low[-1:] in "аяуюеиы" else 1.0))
            continue
        weight = (1.2 if wanted in kind else 0.6) * (0.7 + 0.3 * p.score)
        # A rare masculine name in -ий read where the feminine -ия is likelier ("Асия")
        if gender == "m" and nominative.endswith("ий") and low[-2:] in ("ия", "ию", "ии", "ие"):
            weight = 0.8
        out.append(Reading(gender, case, nominative, weight))
    if role in ("first", "last") and not out:
        # a common animate noun standing as a name ("Иисуса Христа", "Кита"): its lemma
        for p in known_parses(low, morph):
            g = p.tag.grammemes
            if p.tag.POS == "NOUN" and "anim" in g and p.tag.number == "sing" \
                    and OC_CASE.get(p.tag.case or ""):
                out.append(Reading(OC_GENDER.get(p.tag.gender, ""), OC_CASE[p.tag.case],
                                   p.normal_form, 1.05))
    return out


_READINGS: dict = {}


# Particles of French, Dutch, German, Italian and Arabic names, written with a capital inside a
# Russian name ("Марин Ле Пен", "Шарль Де Голль"): they never decline.
NAME_PARTICLES = frozenset({"ле", "ла", "де", "дю", "ван", "фон", "дер", "ди", "да", "дель",
                            "делла", "аль", "эль", "бен", "бин", "ибн"})


def word_readings(word: str, role: str, morph) -> list:
    """Every reading of `word` as a name of `role` (cached)."""
    low = word.lower()
    key = (low, role)
    found = _READINGS.get(key)
    if found is None:
        if low in NAME_PARTICLES:
            found = [Reading("", "*", low, 1.0)]
        elif "-" in low.strip("-"):
            found = []  # a hyphenated word: its parts are read one by one (see _part_readings)
        else:
            found = _dictionary_readings(low, role, morph) + [
                r for r in _ending_readings(low, role)]
        if len(_READINGS) > NAME_CACHE:
            _READINGS.clear()
        _READINGS[key] = found
    return found


def _part_readings(word: str, role: str, morph) -> list:
    """[(part, readings)] for each hyphen-separated part (one part for a plain word)."""
    parts = [p for p in word.split("-")]
    if len(parts) == 1:
        return [(word, word_readings(word, role, morph))]
    out = []
    for i, part in enumerate(parts):
        if not part or not part[:1].isalpha():
            out.append((part, []))
        elif part[:1].islower() and i < len(parts) - 1:
            out.append((part, []))  # a particle: "уль-", "ад-", "ибн-"
        else:
            out.append((part, word_readings(part, role, morph)))
    return out


def _best(readings, gender: str, case: str):
    best = None
    for r in readings:
        if r.gender and gender and r.gender != gender:
            continue
        if r.case != "*" and r.case != case:
            continue
        if best is None or r.weight > best.weight or (
                r.weight == best.weight and best.case == "*" and r.case != "*"):
            best = r
    return best


def _casing(original: str, produced: str) -> str:
    """`produced` with the capitals of `original` (names in capitals come out capitalised)."""
    original = original.lstrip("\u200b\u200c\u200d\u2060\ufeff\u00ad")  # invisible marks
    if original.isupper() and len(original) > 1:
        if ROMAN.match(original):
            return original
        return produced[:1].upper() + produced[1:].lower()
    if original[:1].isupper():
        return produced[:1].upper() + produced[1:]
    if original[:1].islower():
        return produced.lower()
    return produced


# -- the whole name ------------------------------------------------------------------------------

def name_reading(words_roles, readings, tokens=(), gender_hint: str = "",
                 case_hint: str = "", case_context: str = "") -> tuple:
    """(gender, case, scores) of the whole name: the (gender, case) its words agree on best."""
    context_case, context_gender = Counter(), Counter()
    tokens = [t for t in tokens if not INITIAL.match(t.text)] or list(tokens)
    for t in tokens:
        feats = getattr(t, "feats", {}) or {}
        if feats.get("Case"):
            context_case[feats["Case"]] += CONTEXT_CASE / len(tokens)
        if feats.get("Gender") in UD_GENDER:
            context_gender[UD_GENDER[feats["Gender"]]] += CONTEXT_GENDER / len(tokens)
    # the readings of each word's parts that have some, initials left out
    words_scored = []
    for (word, role), parts in zip(words_roles, readings):
        if role != "initial":
            scored = [rs for _, rs in parts if rs]
            if scored:
                words_scored.append(scored)
    scores = {}
    for gender in ("m", "f"):
        for case in CASES:
            s = context_case.get(case, 0.0) + context_gender.get(gender, 0.0)
            if gender_hint == gender:
                s += 1.0
            if case_hint == case:  # the construction decides ("имени" + genitive)
                s += 2.0
            if case_context == case or gender == "m" and {case_context, case} == {"Gen", "Acc"}:
                # the title the name stands beside (a man's genitive and accusative are one
                # form: either will do)
                s += APPOSITION_CASE
            for scored in words_scored:
                # a hyphenated word declines by its last part; the others weigh half
                # ("Рис-Могга", "Азию-Биби", "Римского-Корсакова")
                last = _best(scored[-1], gender, case)
                others = [_best(rs, gender, case) for rs in scored[:-1]]
                hits = [r.weight for r in others if r is not None]
                s += (last.weight if last else -0.6) + (0.5 * sum(hits) / len(others)
                                                         if others else 0.0)
            scores[(gender, case)] = s + CASE_PRIOR.get(case, 0.0)
    (gender, case), _ = max(scores.items(), key=lambda kv: kv[1])
    return gender, case, scores


_NORMALISED: dict = {}


def normalise(tokens, morph, gender_hint: str = "", case_hint: str = "",
              case_context: str = "") -> NameParts:
    """The nominative parts of the name spelled by `tokens` (Token records of a PER span).

    `gender_hint` ("m" / "f") is the person's gender when the document tells it elsewhere;
    `case_hint` the case the construction demands ("Gen" after "имени"); `case_context` the
    case of the title the name stands in apposition to ("акима области Бердыбека Сапарбаева"),
    a softer hint.

    The result depends only on the words, their tagged case and gender and the hints: it is
    cached on those (a copy is returned each time).
    """
    key = (gender_hint, case_hint, case_context, id(morph)) + tuple(
        (t.text, (getattr(t, "feats", None) or {}).get("Case"),
         (getattr(t, "feats", None) or {}).get("Gender")) for t in tokens)
    found = _NORMALISED.get(key)
    if found is None:
        if len(_NORMALISED) > NAME_CACHE:
            _NORMALISED.clear()
        found = _NORMALISED[key] = _normalise(tokens, morph, gender_hint, case_hint,
                                              case_context)
    return replace(found, roles=list(found.roles), words=list(found.words))


def _normalise(tokens, morph, gender_hint: str = "", case_hint: str = "",
               case_context: str = "") -> NameParts:
    words = [t.text for t in tokens]
    roles = assign_roles(words, morph)
    readings = [_part_readings(w, r, morph) if r != "initial" else [] for w, r in zip(words, roles)]
    gender, case, scores = name_reading(list(zip(words, roles)), readings, tokens, gender_hint,
                                        case_hint, case_context)
    margin = max(v for (g, _), v in scores.items() if g == "f") - \
        max(v for (g, _), v in scores.items() if g == "m")
    if gender_hint:  # the margin is the name's own evidence
        margin += -1.0 if gender_hint == "f" else 1.0
    top = scores[(gender, case)]
    shown = {c for (g, c), v in scores.items() if g == gender and v >= top - 0.02}
    parts = NameParts(gender=gender if abs(margin) > 0.05 or gender_hint else "",
                      case=case if len(shown) == 1 else "", roles=roles, gender_margin=margin,
                      best_case=case)
    firsts, middles, lasts = [], [], []
    for word, role, part_readings in zip(words, roles, readings):
        if role == "initial":
            nominative = word
            (middles if firsts else firsts).append(word.rstrip(".") + ".")
            parts.words.append(nominative)
            continue
        pieces = []
        for part, rs in part_readings:
            r = _best(rs, gender, case) if rs else None
            produced = keep_yo(part, r.nominative) if r else part.lower()
            pieces.append(_casing(part, produced) if part else part)
        nominative = "-".join(pieces)
        parts.words.append(nominative)
        cap = title(nominative) if nominative[:1].islower() and role != "last" else nominative
        {"first": firsts, "middle": middles, "last": lasts}[role].append(cap)
    parts.first, parts.middle, parts.last = " ".join(firsts), " ".join(middles), " ".join(lasts)
    return parts


# Invisible format characters (segment.FORMAT_CHARS): the taggers read them as spaces.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060-\u2064\ufeff\u202a-\u202e"
                        "\u2066-\u2069\u180e]")


def surface_normal(parts: NameParts, tokens, text: str, offset: int = 0) -> str:
    """The name in the nominative, in the order and spacing it was written (`text` starts at
    `offset` of the document); initials stay exactly as written, and so do letters the
    segmenter read otherwise (a Latin look-alike letter in a Cyrillic word; segment.normal_text);
    invisible characters between words are left out."""
    out = []
    for i, (t, word, role) in enumerate(zip(tokens, parts.words, parts.roles)):
        if i:
            gap = text[tokens[i - 1].stop - offset:t.start - offset]
            if _INVISIBLE.search(gap):  # "Тереза \u200b\u200bМэй": "Тереза Мэй"
                gap = _INVISIBLE.sub("", gap) or " "
            out.append(gap)
        if role == "initial":
            written = text[t.start - offset:t.stop - offset]
            # the closing initial's dot ("Демков К. С."): a token of its own, in the mention
            if i == len(tokens) - 1 and t.text.endswith(".") and not written.endswith(".") \
                    and text[t.stop - offset:t.stop - offset + 1] == ".":
                written += "."
            out.append(written)
        else:
            out.append(_as_written(word, t.text, text[t.start - offset:t.stop - offset]))
    return "".join(out)


def _as_written(word: str, read: str, written: str) -> str:
    """`word`, the nominative of the token the taggers read as `read`, with the letters of
    `written` (the text as it stands) where the two spell a letter differently and the
    nominative keeps it: "Cергей" (a Latin C, read "Сергей") stays "Cергей", "Джoнсона" gives
    "Джoнсон"."""
    if read == written or len(read) != len(written):
        return word
    chars = list(word)
    for i in range(min(len(chars), len(read))):
        if read[i] != written[i] and chars[i] == read[i]:
            chars[i] = written[i]
    return "".join(chars)


def nominatives(word: str, role: str, morph) -> set:
    """Every nominative `word` may stand for as a name of `role` (for matching mentions)."""
    if INITIAL.match(word):
        return set()
    low = word.lower()
    found = {r.nominative for r in word_readings(low, role, morph)} if "-" not in low else set()
    return {low} | found
