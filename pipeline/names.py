"""Personal names: which word is the first name, patronymic or surname, and its nominative.

The name is inflected as a whole: its case and gender come from agreement across all its words
(natasha's contextual tags plus pymorphy3's analyses), then each part is put in the nominative by
the paradigm of its kind. Surnames follow declension rules by their endings, so names no
dictionary knows ("Шапкеновым", "Сактагановым", "Кошербаевым") come out right; pymorphy3 is
asked only where the dictionary really knows the word.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .morphology import keep_yo

VOWELS = set("аеёиоуыэюяaeiouy")
SIBILANTS = set("жшчщц")
INITIAL = re.compile(r"^[А-ЯЁA-Z]\.?$")
PATRONYMIC = re.compile(
    r"(ович|евич|ьич)(а|у|ем|е)?$|(овн|евн|ичн)(а|ы|е|у|ой|ою)$|(улы|уулу|кызы|оглы|кызи)$")
# Surname paradigms, checked in order: (stem ending, case endings) give the nominative stem.
POSSESSIVE_STEMS = ("ов", "ев", "ёв", "ин", "ын")
ADJECTIVAL_STEMS = ("ск", "цк")
INDECLINABLE = ("енко", "ко", "их", "ых", "аго", "яго", "иа", "ия", "швили", "дзе", "ри", "ни",
                "уа", "ео", "ио", "уулу", "улы", "кызы", "оглы")


@dataclass
class NameParts:
    first: str = ""
    middle: str = ""
    last: str = ""
    gender: str = ""  # m / f / ""
    case: str = ""  # the case the name was written in (UD)

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


def title(word: str) -> str:
    """Capitalise each hyphen-separated part: 'касым-жомарт' -> 'Касым-Жомарт'."""
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def word_kinds(word: str, morph) -> dict:
    """How plausible each name role is for `word`, from pymorphy3 and endings."""
    low = word.lower()
    parses = morph.parse(low)
    kinds = {"name": 0.0, "patr": 0.0, "surn": 0.0, "common": 0.0}
    for p in parses:
        g = p.tag.grammemes
        known = type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
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


def assign_roles(words: list[str], morph) -> list[str]:
    """Role of each word: first / middle / last / initial."""
    roles = ["initial" if INITIAL.match(w) else "" for w in words]
    full = [i for i, w in enumerate(words) if not roles[i]]
    kinds = {i: word_kinds(words[i], morph) for i in full}
    if not full:
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
        if kb["patr"] >= 0.5 and ka["name"] >= ka["surn"]:
            roles[a], roles[b] = "first", "middle"
        elif (kb["name"] > kb["surn"] + 0.2 and ka["surn"] > ka["name"]):
            roles[a], roles[b] = "last", "first"  # Бабушкин Игорь
        else:
            roles[a], roles[b] = "first", "last"
        return roles
    # Four or more words without a patronymic: first name, then the rest as the surname.
    roles[full[0]] = "first"
    for i in full[1:]:
        roles[i] = "last"
    return roles


# Case endings of names no dictionary knows: (ending, role, cases), longest first.
ENDING_CASES = [
    ("овым", "last", ("Ins",)), ("евым", "last", ("Ins",)), ("иным", "last", ("Ins",)),
    ("ыным", "last", ("Ins",)), ("ским", "last", ("Ins",)), ("цким", "last", ("Ins",)),
    ("ского", "last", ("Gen", "Acc")), ("скому", "last", ("Dat",)), ("ском", "last", ("Loc",)),
    ("овой", "last", ("Gen", "Dat", "Ins", "Loc")), ("евой", "last", ("Gen", "Dat", "Ins", "Loc")),
    ("иной", "last", ("Gen", "Dat", "Ins", "Loc")), ("ской", "last", ("Gen", "Dat", "Ins", "Loc")),
    ("ову", "last", ("Dat", "Acc")), ("еву", "last", ("Dat", "Acc")), ("ину", "last", ("Dat", "Acc")),
    ("ова", "last", ("Gen", "Acc", "Nom")), ("ева", "last", ("Gen", "Acc", "Nom")),
    ("ина", "last", ("Gen", "Acc", "Nom")), ("ове", "last", ("Loc",)), ("еве", "last", ("Loc",)),
    ("ов", "last", ("Nom",)), ("ев", "last", ("Nom",)), ("ин", "last", ("Nom",)),
    ("ый", "last", ("Nom",)), ("ий", "last", ("Nom",)), ("ая", "last", ("Nom",)),
    ("ом", "", ("Ins",)), ("ем", "", ("Ins",)), ("ём", "", ("Ins",)),
    ("у", "", ("Dat", "Acc")), ("ю", "", ("Dat", "Acc")),
    ("а", "", ("Gen", "Acc", "Nom")), ("я", "", ("Gen", "Acc", "Nom")),
    ("е", "", ("Loc", "Dat")), ("ы", "", ("Gen",)), ("и", "", ("Gen", "Dat", "Loc")),
]


def possible_cases(word: str, role: str, morph) -> dict:
    """Cases `word` can be in as a name of `role`, weighted to sum to 1."""
    low = word.lower()
    from .morphology import OC_CASE_TO_UD

    weights = Counter()
    for p in morph.parse(low):
        known = type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
        named = {"Name", "Surn", "Patr"} & p.tag.grammemes
        if known and (named or role == "") and p.tag.case and p.tag.number != "plur":
            weights[OC_CASE_TO_UD.get(p.tag.case, "")] += p.score
    if not weights:
        for ending, ending_role, cases in ENDING_CASES:
            if low.endswith(ending) and (not ending_role or ending_role == role):
                for c in cases:
                    weights[c] += 1
                break
        else:
            if low[-1:] not in VOWELS:
                weights["Nom"] += 1  # a bare consonant stem: nominative
    total = sum(weights.values())
    return {c: w / total for c, w in weights.items() if c} if total else {}


def name_case_gender(tokens, words_roles, morph) -> tuple[str, str]:
    """The case and gender of the whole name, by agreement of its words.

    natasha's contextual tag is a weak vote: it often reads unknown Kazakh names as
    nominative ("Сериком Шапкеновым"), so the words' own forms decide.
    """
    cases = Counter()
    for t in tokens:
        if t.feats.get("Case"):
            cases[t.feats["Case"]] += 0.4
    genders = Counter(t.feats.get("Gender") for t in tokens if t.feats.get("Gender"))
    for g in list(genders):
        genders[g] *= 0.4
    for word, role in words_roles:
        if role == "initial":
            continue
        for case, weight in possible_cases(word, role, morph).items():
            cases[case] += weight
        low = word.lower()
        if role == "first":
            for p in morph.parse(low)[:3]:
                if "Name" in p.tag.grammemes and p.tag.gender in ("masc", "femn"):
                    genders["Masc" if p.tag.gender == "masc" else "Fem"] += 2 * p.score
                    break
        if role == "middle" and PATRONYMIC.search(low):
            genders["Fem" if re.search(r"(вн|чн)[аыеуо]", low) else "Masc"] += 3
        if role == "last" and re.search(r"(ова|ева|ина|ына|ская|цкая|овой|евой|иной|ской)$", low):
            genders["Fem"] += 0.5
        if role == "last" and re.search(r"(ым|ого|ому)$", low):
            genders["Masc"] += 1.5
    case = cases.most_common(1)[0][0] if cases else "Nom"
    gender = genders.most_common(1)[0][0] if genders else ""
    return case, {"Masc": "m", "Fem": "f"}.get(gender, "")


def surname_nominative(word: str, case: str, gender: str, morph) -> str:
    low = word.lower()
    if "-" in low:  # double surname: each part by itself
        return "-".join(surname_nominative(p, case, gender, morph) for p in word.split("-"))
    if case == "Nom" or len(low) < 3 or low.endswith(INDECLINABLE):
        return low
    # -ов / -ин surnames (Russian, and the commonest Kazakh, Tatar, Caucasian ones).
    for stem_end in POSSESSIVE_STEMS:
        if gender != "f":
            for ending, cases in (("ым", {"Ins"}), ("а", {"Gen", "Acc"}), ("у", {"Dat"}),
                                  ("е", {"Loc"})):
                if low.endswith(stem_end + ending) and case in cases:
                    return low[: -len(ending)]
        else:
            for ending in ("ой", "у"):
                if low.endswith(stem_end + ending):
                    return low[: -len(ending)] + "а"
    # Adjectival surnames: -ский / -цкий / -ская.
    for stem_end in ADJECTIVAL_STEMS:
        for ending, nom in (("ого", "ий"), ("ому", "ий"), ("им", "ий"), ("ом", "ий"),
                            ("ой", "ая" if gender == "f" else "ий"), ("ую", "ая")):
            if low.endswith(stem_end + ending):
                return low[: -len(ending)] + nom
    if gender == "f" and low[-1:] not in VOWELS:
        return low  # women's surnames on a consonant do not decline
    known = _dictionary_nominative(low, case, gender, morph)
    if known:
        return known
    return noun_nominative(low, case)


def noun_nominative(low: str, case: str) -> str:
    """Masculine consonant-stem noun declension, for names no dictionary knows."""
    def soft(stem):
        if stem[-1:] in VOWELS:
            return stem + "й"
        return stem if stem[-1:] in SIBILANTS else stem + "ь"

    if case in ("Gen", "Acc"):
        if low.endswith("а"):
            return low[:-1]
        if low.endswith("я"):
            return soft(low[:-1])
    elif case == "Dat":
        if low.endswith("у"):
            return low[:-1]
        if low.endswith("ю"):
            return soft(low[:-1])
    elif case == "Ins":
        if low.endswith("ом"):
            return low[:-2]
        if low.endswith(("ем", "ём")):
            return soft(low[:-2])
    elif case == "Loc" and low.endswith("е"):
        return low[:-1]
    return low


def _dictionary_nominative(low: str, case: str, gender: str, morph) -> str:
    gram = {"m": "masc", "f": "femn"}.get(gender)
    from .morphology import UD_CASE

    for p in morph.parse(low):
        if type(p.methods_stack[0][0]).__name__ != "DictionaryAnalyzer":
            continue
        g = p.tag.grammemes
        if not ({"Name", "Surn", "Patr"} & g) or p.tag.case not in UD_CASE.get(case, ()):
            continue
        if gram and p.tag.gender not in (gram, None) and "ms-f" not in p.tag.grammemes:
            continue
        wanted = {"nomn", "sing"} | ({gram} if gram and "Surn" in g else set())
        try:
            inflected = p.inflect(wanted)
        except ValueError:
            inflected = None
        return inflected.word if inflected else p.normal_form
    return ""


def first_nominative(word: str, case: str, gender: str, morph) -> str:
    low = word.lower()
    if case == "Nom":
        return low
    gram = {"m": "masc", "f": "femn"}.get(gender)
    from .morphology import UD_CASE

    best = None
    for p in morph.parse(low):
        if p.tag.case not in UD_CASE.get(case, ()) or p.tag.number == "plur":
            continue
        if gram and p.tag.gender not in (gram, None) and "ms-f" not in p.tag.grammemes:
            continue
        named = "Name" in p.tag.grammemes
        known = type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
        score = (named, known, p.score)
        if best is None or score > best[0]:
            best = (score, p.normal_form)
    if best and (best[0][0] or best[0][1]):
        return best[1]
    if gender == "f":
        return _feminine_name_nominative(low, case)
    return noun_nominative(low, case)


def _feminine_name_nominative(low: str, case: str) -> str:
    if case in ("Gen",) and low.endswith(("ы", "и")):
        return low[:-1] + ("я" if low.endswith("и") and low[-2:-1] in VOWELS else "а")
    if case in ("Dat", "Loc") and low.endswith("е"):
        return low[:-1] + "а"
    if case == "Acc" and low.endswith(("у", "ю")):
        return low[:-1] + ("а" if low.endswith("у") else "я")
    if case == "Ins" and low.endswith(("ой", "ей")):
        return low[:-2] + ("а" if low.endswith("ой") else "я")
    return low


def patronymic_nominative(word: str, gender: str) -> str:
    low = word.lower()
    m = re.search(r"(ович|евич|ьич|ич)(а|у|ем|е)$", low)
    if m:
        return low[: m.start(2)]
    m = re.search(r"(овн|евн|ичн)(ы|е|у|ой|ою)$", low)
    if m:
        return low[: m.start(2)] + "а"
    return low


def normalise(tokens, morph) -> NameParts:
    """The nominative parts of the name spelled by `tokens` (Token records of a PER span)."""
    words = [t.text for t in tokens]
    roles = assign_roles(words, morph)
    case, gender = name_case_gender(tokens, list(zip(words, roles)), morph)
    parts = NameParts(gender=gender, case=case)
    firsts, middles, lasts = [], [], []
    for word, role in zip(words, roles):
        if role == "initial":
            (middles if firsts else firsts).append(word.rstrip(".").upper() + ".")
        elif role == "first":
            firsts.append(title(keep_yo(word, first_nominative(word, case, gender, morph))))
        elif role == "middle":
            middles.append(title(patronymic_nominative(word, gender) if case != "Nom" else word.lower()))
        elif role == "last":
            lasts.append(title(keep_yo(word, surname_nominative(word, case, gender, morph))))
    parts.first, parts.middle, parts.last = " ".join(firsts), " ".join(middles), " ".join(lasts)
    if case == "Nom" and _indeclinable(words, roles, gender, morph):
        parts.case = ""  # "Мэри Миллер" reads the same in every case: the case is unknown
    return parts


def _indeclinable(words, roles, gender, morph) -> bool:
    """True when no word of the name would change its form in another case."""
    for word, role in zip(words, roles):
        low = word.lower()
        if role == "initial":
            continue
        if any("Fixd" in p.tag.grammemes for p in morph.parse(low)[:2]):
            continue
        if role == "last" and (low.endswith(INDECLINABLE) or
                               gender == "f" and low[-1:] not in VOWELS):
            continue
        if not re.fullmatch(r"[а-яё-]+", low):  # Latin script: not inflected in Russian text
            continue
        return False
    return True
