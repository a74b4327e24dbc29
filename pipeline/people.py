"""Stage: people — names in the nominative, one person per real person within a document.

The tagger's PER spans are cut into names first: at punctuation and line ends, between two full
names the tagger ran together ("Билла Клинтона Джо Локхарту"), and titles in front are left out
("Император Акихито"). Names the tagger misses are added when they are written with initials
("Б.Обама", "Е.И. Борисов"), when the dictionary knows them as names ("пророка Мухаммеда"), or
when they repeat the surname of a full name the document gives elsewhere, or when they are
written in Latin letters: a first name of data/names_latin_first.csv and a capitalised surname
("Theresa May"), and that surname alone beside it. The text is read as the taggers read it
(segment.normal_text: look-alike Latin letters and invisible characters mended). Names inside an
organisation's name ("академия имени Н.Е.Жуковского") are namesakes: mentions in
`doc.other_names` with an empty entity_id, not people; so are people named only in boilerplate
(menus, other articles' headlines), but not in a caption between the title and the body.
Titles stay out of names, those that are first names too ("Аким Атырау Кайрат Уразбаев") or unknown
to the dictionary ("Хокимом Улугбеком") included, and so does the place a title serves ("акима
области Жетысу Диасом Есдаулетовым"). A name standing beside a title in an oblique case is read
in that case ("акима области Бердыбека Сапарбаева": a man's genitive, not a woman's nominative).
Not people: a title's form alone ("Акимом"), the common words of data/not_names.csv ("Акорды",
"Елбасы"), words of Kazakh text ("Жетісу"), a title's place ("губернатор Ширака"), adjectives of a
surname's shape ("Межуниверситетским кампусом").
Each name is normalised as a whole (names.py), then mentions are joined: a surname alone or a
first name alone goes to the full name it abbreviates, spelling variants of one surname with
near-identical first names ("Асхат" / "Асхад") become one person, and every mention is read
again with the person's gender. A mention's `normal` is its own nominative as written
("Бочарова" -> "Бочаров", "Т.Мэй" -> "Т.Мэй"); the person's `name` is the fullest full name (one
with the patronymic written out, else the commonest).

Across documents (`merge_people`): see its docstring for the rule.
"""
from __future__ import annotations

import csv
import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache
from itertools import compress
from pathlib import Path

from .limits import NAME_CACHE
from .names import (INITIAL, SURNAME_SHAPE, NameParts, nominatives, normalise, surface_normal,
                    word_kinds)
from .names import known_parses as _known_parses
from .records import Mention, Person
from .segment import normal_text
from .stage import Stage

# "оркестр им. Е.И. Борисова", "улица имени Ленина": a namesake, not a person in the news; but
# "от имени Бактыкожи Измухамбетова" (on his behalf) names the person himself.
NAMESAKE_BEFORE = re.compile(
    r"(\bим\.|(?<!\bот )\bимени|\bим)\s*$|(\bим\.|(?<!\bот )\bимени)\s+[^,;:!?\n]{2,40}\sи\s+$",
    re.I)
# Names written with initials the tagger misses: "Б.Обама", "Дж. Коми", "Е.И. Борисов".
INITIALS_NAME = re.compile(
    r"(?<![\w.])((?:(?:Дж|[А-ЯЁ])\.\s?){1,2})([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?![\w-])")
SURNAME_INITIALS = re.compile(
    r"(?<![\w.-])([А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]+)?)\s((?:[А-ЯЁ]\.\s?){1,2})(?![\w])")
# What every match of each of the two begins with: the places worth trying them at, found fast
# (a pattern that opens with a look-behind is tried at every character of the text).
INITIALS_NAME_START = re.compile(r"[А-ЯЁ]ж?\.")
SURNAME_INITIALS_START = re.compile(r"[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]+)?\s[А-ЯЁ]\.")


def _matches(pattern, start, text):
    """pattern.finditer(text) for a pattern whose every match begins with a match of `start`
    (and is not empty): the same matches, `pattern` tried only where `start` matches."""
    pos = 0
    while (found := start.search(text, pos)) is not None:
        m = pattern.match(text, found.start())
        if m:
            yield m
            pos = m.end()
        else:
            pos = found.start() + 1


NAMESAKE = "namesake"  # marks a span found inside an organisation's name


IMENI_BEFORE = re.compile(r"(\bим\.|\bимени)\s*$", re.I)  # a name after it is in the genitive


def _namesake_before(before: str) -> bool:
    """NAMESAKE_BEFORE matches the end of `before`. The regular expression, slow as it tries
    every position, runs only where "им" is written at all (in any case: И and М are the only
    other letters it takes for и and м)."""
    return "им" in before.lower() and bool(NAMESAKE_BEFORE.search(before))


_NTEXT = [None, ""]  # the last text read and its normal_text: asked for again and again


def _ntext(doc) -> str:
    """doc.text as the taggers read it (segment.normal_text: same length, same offsets), for
    looking at the text around names; mentions keep doc.text's own slices."""
    text = doc.text
    if _NTEXT[0] is not text:  # the text object itself is kept, so its identity is not reused
        _NTEXT[:] = [text, normal_text(text)]
    return _NTEXT[1]


def person_id(name: str) -> str:
    """Stable across documents and runs: the same canonical name gives the same id (case and
    ё/е do not matter)."""
    return "P" + hashlib.sha1(fold(name).encode("utf-8")).hexdigest()[:10]


_FOLDED: dict = {}


def fold(s: str) -> str:
    found = _FOLDED.get(s)
    if found is None:
        if len(_FOLDED) > NAME_CACHE:
            _FOLDED.clear()
        found = _FOLDED[s] = " ".join(s.lower().replace("ё", "е").split())
    return found


def name_tokens(tokens):
    return [t for t in tokens if any(ch.isalpha() for ch in t.text)]


def is_person_like(words, morph, titles=frozenset()) -> bool:
    """False for single common words the tagger took for names ("Астраханцам")."""
    if len(words) != 1:
        return True
    kinds = word_kinds(words[0], morph)
    named, geo = _name_score(words[0], morph)
    if geo > named:  # a place the tagger read as a name ("Муром посетят ...")
        return False
    if kinds["name"] + kinds["surn"] + kinds["patr"] > 0 or kinds["common"] == 0:
        return True
    # A common word: a person only as a singular animate noun ("Мадонна", "Господь"), not a
    # plural of people ("Астраханцам") nor a thing.
    known = _known_parses(words[0].lower(), morph)
    top = known[0].tag if known else None
    return bool(top and top.POS == "NOUN" and "anim" in top.grammemes
                and top.number == "sing" and words[0][:1].isupper()
                and known[0].normal_form.replace("ё", "е") not in titles)  # "Доктор", "Папа"


def _close(a: str, b: str) -> bool:
    """Spelling variants: same length +-1 and at most one differing letter."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _shuffled(a: str, b: str) -> bool:
    """`b` is `a` with letters inside swapped: the same letters, the same first two and last
    two, a long word (a typo, not another surname)."""
    return a != b and len(a) == len(b) >= 7 and a[:2] == b[:2] and a[-2:] == b[-2:] and \
        sorted(a) == sorted(b)


# -- spans -----------------------------------------------------------------------------------------

def _title_word(word: str, morph) -> bool:
    """A word that names a title or describes the person, not a name ("Император", "Принц",
    "34-летний", "Поп-звезда"): known to the dictionary, never as a name."""
    low = word.lower()
    if re.match(r"^\d", low):
        return True
    parses = _known_parses(low, morph)
    if not parses:
        return False
    if any({"Name", "Surn", "Patr", "Geox", "Orgn"} & p.tag.grammemes for p in parses):
        return False
    top = parses[0]
    return (top.tag.POS == "NOUN" and "anim" in top.tag.grammemes) or top.tag.POS in (
        "ADJF", "PRTF")


def _trailing_word(word: str, morph) -> bool:
    """A word after a name that belongs to the sentence ("Исполняющей", "ГОРНО-АЛТАЙСК")."""
    low = word.lower()
    parses = _known_parses(low, morph)
    if not parses or any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in parses):
        return False
    if word.isupper() and len(word) > 3 and "Geox" in parses[0].tag.grammemes:
        return True  # a dateline: "Сергей Романов ГОРНО-АЛТАЙСК"
    return all(p.tag.POS in ("VERB", "PRTF", "PRTS", "GRND", "INFN") for p in parses)


def _person_spans(doc, morph, titles=frozenset(), caps=None):
    """(start, stop, namesake) of every name: the tagger's spans cut into names, plus the names
    written with initials it missed. `caps`: _capitalised(doc.tokens), when the caller has it."""
    spans = []
    for span in _joined_person_spans(doc, morph):
        for piece in _split_span(doc, span):
            spans.extend(_split_names(doc, piece, morph, titles))
    spans = [_with_surname_before(doc, _with_first_name(doc, s, morph), morph) for s in spans]
    covered = [(s.start, s.stop) for s in spans]
    text = _ntext(doc)
    for m in list(_matches(INITIALS_NAME, INITIALS_NAME_START, text)) + \
            list(_matches(SURNAME_INITIALS, SURNAME_INITIALS_START, text)):
        a, b = m.span()
        if any(s < b and a < e for s, e in covered):
            continue
        words = [w for w in re.findall(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*", m.group(0))
                 if len(w) > 2]
        if not words or _title_word(words[0], morph) and not word_kinds(words[0], morph)["surn"]:
            continue
        if doc.sentence_at(a) < 0:
            continue
        covered.append((a, b))
        # inside an organisation's name ("академия имени Н.Е.Жуковского"): a namesake
        inside = any(o.start <= a and b <= o.stop for o in doc.ner if o.type != "PER")
        spans.append(Mention(type="PER", start=a, stop=b, text=doc.text[a:b],
                             sent_id=doc.sentence_at(a), in_boilerplate=doc.in_boilerplate(a, b),
                             entity_id=NAMESAKE if inside else ""))
    spans.extend(_dictionary_names(doc, morph, covered, titles, caps))
    spans.extend(_latin_names(doc, spans))
    # a span inside another ("Коми" of "Дж. Коми" extended over its initial) is that name
    spans.sort(key=lambda s: (s.start, -s.stop))
    out = []
    for s in spans:
        if out and out[-1].start <= s.start and s.stop <= out[-1].stop:
            continue
        out.append(s)
    return out


# -- names in Latin letters ------------------------------------------------------------------------

DATA = Path(__file__).resolve().parent / "data"
# "Theresa May", "Boris Johnson", "John F. Kennedy", "Conor O'Brien", "Mary-Kate Olsen": a first
# name, an initial perhaps, a surname.
LATIN_NAME = re.compile(
    r"(?<![\w@#&./\\-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)((?: [A-Z]\.)?) "
    r"((?:Mc|Mac|O'|D')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w@&/\\-]|\.\w)")
LATIN_WORD = re.compile(r"^[A-Z][A-Za-z'-]+$")
# Words that make a name after a first name an organisation's or a place's ("Grant Thornton" is
# kept out by the name list; "Jack Daniel's", "Ford Motor", "Johnson Controls" by these).
# A newspaper's or a channel's name after a name is a byline ("Sam Coates Times"): a stop only
# as the surname itself.
LATIN_MEDIA = frozenset("""
News Times Post Daily Weekly Journal Herald Tribune Gazette Magazine Review Today Radio TV
Channel Network Media Press
""".split())
LATIN_NAME_STOP = LATIN_MEDIA | frozenset("""
Records Pictures Studios Films Entertainment Music Show Festival
Bank Group Inc Ltd Llc Corp Corporation Company Co Holdings Capital Partners Fund Trust Motors
Motor Airlines Airways Air Energy Oil Gas Power Pharma Foods Hotel Hotels Resort Casino
University College School Academy Institute Foundation Center Centre Society Association Club
League Cup Award Awards Prize Games Team Racing Street Square Avenue Road Park Beach City
Island Bay Lake River Valley Mountain Mountains Hill Hills Bridge Gate Hall Tower Palace Church
Cathedral Hospital Stadium Arena Theatre Theater Museum Gallery Library Station Airport
Port House Home Garden Gardens Day Project Service Services Council Committee Court Office
Party Army Navy Force Republic Kingdom Union States Street Day Week Prize Collection Edition
The And Of For In On At To By With From
""".split())


@lru_cache(maxsize=1)
def latin_first_names() -> frozenset:
    """First names written in Latin letters (data/names_latin_first.csv, from the US Census 1990
    lists; scripts/build_names.py)."""
    with open(DATA / "names_latin_first.csv", encoding="utf-8") as f:
        return frozenset(row["name"] for row in csv.DictReader(f))


def _latin_names(doc, spans):
    """Names in Latin letters, which the tagger (trained on Russian) misses: a first name of the
    list and a capitalised surname ("Theresa May to Boris Johnson"); and the surname alone where
    the document gives the full name ("Johnson")."""
    text = _ntext(doc)
    if not re.search(r"[A-Z][a-z]+ [A-Z]", text):
        return []
    firsts = latin_first_names()
    taken = sorted([(m.start, m.stop) for m in doc.ner] + [(s.start, s.stop) for s in spans])

    def free(a, b):
        return not any(x < b and a < y for x, y in taken)

    def next_word(b):
        m = re.match(r" ([A-Z][A-Za-z]*)", text[b:b + 40])
        return m.group(1) if m else ""

    out = []
    surnames = {}
    for s in spans:  # full Latin names the tagger found ("Faisal Islam")
        words = text[s.start:s.stop].split()
        if len(words) >= 2 and all(LATIN_WORD.match(w) for w in words) and \
                words[0] in firsts:
            surnames.setdefault(words[-1], True)
    for m in LATIN_NAME.finditer(text):
        first, last = m.group(1), m.group(3)
        a, b = m.span()
        if first not in firsts or last in LATIN_NAME_STOP or last in firsts and \
                next_word(b)[:1].isupper() or next_word(b) in LATIN_NAME_STOP - LATIN_MEDIA or \
                not free(a, b) or doc.sentence_at(a) < 0:
            continue
        taken.append((a, b))
        surnames.setdefault(last, True)
        out.append(Mention(type="PER", start=a, stop=b, text=doc.text[a:b],
                           sent_id=doc.sentence_at(a), in_boilerplate=doc.in_boilerplate(a, b)))
    for last in surnames:
        if last in LATIN_NAME_STOP:
            continue
        for m in re.finditer(r"(?<![\w@#&./\\-])" + re.escape(last) + r"(?![\w@&/\\-])", text):
            a, b = m.span()
            before = text[max(0, a - 30):a]
            if re.search(r"[A-Z][A-Za-z]*\.? $", before) or next_word(b) or not free(a, b) or \
                    doc.sentence_at(a) < 0:
                continue  # a part of another name or title
            taken.append((a, b))
            out.append(Mention(type="PER", start=a, stop=b, text=doc.text[a:b],
                               sent_id=doc.sentence_at(a),
                               in_boilerplate=doc.in_boilerplate(a, b)))
    return out


UNKNOWN_BEFORE = re.compile(r"(?<![\w.-])([А-ЯЁ][а-яё]+) $")


def _with_first_name(doc, span, morph):
    """A name the dictionary does not know, right before a lone surname the tagger found, is its
    first name ("Мейв | Кеннеди")."""
    if " " in _ntext(doc)[span.start:span.stop].strip():
        return span
    m = UNKNOWN_BEFORE.search(_ntext(doc), max(0, span.start - 30), span.start)
    if not m:
        return span
    word = m.group(1)
    if _known_parses(word.lower(), morph):
        return span
    a = m.start(1)
    if any(o.start < span.start and a < o.stop for o in doc.ner):
        return span
    return replace(span, start=a, text=doc.text[a:span.stop])


def _with_surname_before(doc, span, morph):
    """A first name and patronymic the tagger found without the surname written before them
    ("области. Крук | Олег Павлович назначен"): the capitalised word right before is the surname
    (the order of decrees and lists: Фамилия Имя Отчество), when the dictionary does not know
    it or knows it as a surname."""
    text = _ntext(doc)
    words = text[span.start:span.stop].split()
    if len(words) != 2 or text[span.start - 1:span.start] != " ":
        return span
    if word_kinds(words[1], morph)["patr"] < 0.5 or word_kinds(words[0], morph)["name"] < 0.5:
        return span
    m = UNKNOWN_BEFORE.search(text, max(0, span.start - 30), span.start)
    if not m:
        return span
    parses = _known_parses(m.group(1).lower(), morph)
    if parses and not any("Surn" in p.tag.grammemes for p in parses):
        return span
    a = m.start(1)
    if any(o.start < span.start and a < o.stop for o in doc.ner if o is not span):
        return span
    return replace(span, start=a, text=doc.text[a:span.stop])


@lru_cache(maxsize=NAME_CACHE)  # bounded: a long run meets ever new words
def _name_score(word: str, morph) -> tuple:
    """(share of the dictionary's readings that are names, any place reading) for `word`."""
    named = geo = 0.0
    for p in _known_parses(word.lower(), morph):
        g = p.tag.grammemes
        if {"Name", "Surn", "Patr"} & g:
            named += p.score
        if {"Geox", "Orgn", "Trad"} & g:
            geo += p.score
    return named, geo


NAME_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")
ROMAN_NUMERAL = re.compile(r"^[IVX]{1,5}$")


def _dictionary_names(doc, morph, covered, titles=frozenset(), caps=None):
    """Names the tagger missed that the dictionary knows as names ("имени пророка Мухаммеда",
    "Путин подписал закон"): capitalised words read as first names, patronymics or surnames,
    with their capitalised neighbours taken in ("Тереза Мэй", "Анны Франк", "Шарля де Голля",
    "Эдуарда VII")."""
    taken = sorted([(m.start, m.stop) for m in doc.ner] + list(covered))
    starts = [a for a, _ in taken]

    def free(t):
        i = bisect_right(starts, t.start) - 1
        return not any(a < t.stop and t.start < b for a, b in taken[max(0, i - 3):i + 4])

    kinds = {}

    def kind(t):
        if t.start not in kinds:
            kinds[t.start] = word_kind(t)
        return kinds[t.start]

    def word_kind(t):
        w = t.text
        if not w[:1].isupper():  # neither a name nor a Roman numeral: a particle at most
            return "particle" if w in PARTICLES else ""
        if ROMAN_NUMERAL.match(w):
            return "roman"
        if w in PARTICLES:
            return "particle"
        if not NAME_WORD.match(w) or len(w) < 3 or not free(t):
            return ""
        named, geo = _name_score(w, morph)
        if named >= 0.8 and geo == 0 and w.lower().replace("ё", "е") not in titles:  # "Аким"
            return "name"
        if not _known_parses(w.lower(), morph):
            return "unknown"
        return "capital"

    out = []
    text = _ntext(doc)
    caps = _capitalised(doc.tokens) if caps is None else caps
    for sent in doc.sentences:
        tokens = doc.tokens[sent.token_start:sent.token_stop]
        resume = 0  # a name starts on a capitalised word, past the last name found
        for k in compress(range(len(tokens)), caps[sent.token_start:sent.token_stop]):
            if k < resume or kind(tokens[k]) not in ("name", "unknown"):
                continue
            run_ = [(tokens[k], kind(tokens[k]))]
            j = k + 1
            while j < len(tokens) and len(run_) < 4:
                if "\n" in text[tokens[j - 1].stop:tokens[j].start]:
                    break
                kj = kind(tokens[j])
                named_before = any(x[1] == "name" for x in run_)
                if kj in ("name", "unknown") or (named_before and kj in ("capital", "roman")):
                    run_.append((tokens[j], kj))
                elif kj == "particle" and j + 1 < len(tokens) and \
                        kind(tokens[j + 1]) in ("name", "unknown", "capital"):
                    run_.append((tokens[j], kj))
                else:
                    break
                j += 1
            resume = j
            if any(x[1] == "name" for x in run_):
                a, b = run_[0][0].start, run_[-1][0].stop
                out.append(Mention(type="PER", start=a, stop=b, text=doc.text[a:b],
                                   sent_id=sent.sent_id, in_boilerplate=doc.in_boilerplate(a, b)))
    return out


def _capitalised(tokens) -> list:
    """For each token: does it begin with a capital (names do; most words do not)?"""
    return [t.text[:1].isupper() for t in tokens]


def _joined_person_spans(doc, morph=None):
    """PER spans, with neighbours split by nothing but a space joined into one name when one of
    them has no first name: the tagger cuts "Абдурахмановой | Натальи Петровны" in two, but
    "Билла Клинтона | Джо Локхарту" are two people."""
    text = _ntext(doc)

    def has_first(span):
        words = text[span.start:span.stop].split()
        return any(INITIAL.match(w) or morph is not None and
                   word_kinds(w, morph)["name"] >= 0.5 for w in words)

    def surname_and_name(a, b):
        """One side is a surname, the other a first name (with a patronymic)."""
        if morph is None:
            return True
        side = a if has_first(b) else b
        words = text[side.start:side.stop].split()
        return len(words) == 1 and (word_kinds(words[0], morph)["surn"] >= 0.5 or
                                    word_kinds(words[0], morph)["patr"] >= 0.5)

    spans = []
    for span in doc.ner:
        if span.type != "PER":
            continue
        prev = spans[-1] if spans else None
        if prev and text[prev.stop:span.start].strip(" ") == "" \
                and len(text[prev.start:span.stop].split()) <= 4 \
                and not (has_first(prev) and has_first(span)) and surname_and_name(prev, span):
            spans[-1] = Mention(type="PER", start=prev.start, stop=span.stop,
                                text=doc.text[prev.start:span.stop], sent_id=prev.sent_id,
                                in_boilerplate=prev.in_boilerplate and span.in_boilerplate)
        else:
            spans.append(span)
    return spans


# Punctuation inside a tagger's PER span separates names: "Мишель — Саше",
# "Джоэл Саймон (Joel Simon)", "Медведев, Путин"; so does a line end.
SPAN_SEPARATOR = re.compile(r"\s*[()\[\]—–,;:/«»\"“”„]\s*|\s+-\s+|\s*\n\s*")


INITIAL_TAIL = re.compile(r"\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")


def _split_span(doc, span):
    words = _ntext(doc)[span.start:span.stop].split()
    last = words[-1] if words else ""
    tail = INITIAL_TAIL.match(_ntext(doc), span.stop)
    if tail and INITIAL.match(last.split(".")[-1] or last) and len(last) <= 3:
        span = replace(span, stop=tail.end(), text=doc.text[span.start:tail.end()])
    text = _ntext(doc)[span.start:span.stop]
    if not SPAN_SEPARATOR.search(text):
        return [span]
    pieces, pos = [], 0
    for sep in list(SPAN_SEPARATOR.finditer(text)) + [None]:
        end = sep.start() if sep else len(text)
        if text[pos:end].strip():
            start, stop = span.start + pos, span.start + end
            pieces.append(Mention(type="PER", start=start, stop=stop, text=doc.text[start:stop],
                                  sent_id=span.sent_id, in_boilerplate=span.in_boilerplate))
        pos = sep.end() if sep else len(text)
    return pieces


def _word_tokens(doc, start, stop):
    """The words of a span; a short capitalised word followed by a dot is an initial ("Дж.")."""
    out = []
    text = _ntext(doc)
    for t in name_tokens(doc.tokens_in(start, stop)):
        if text[t.stop:t.stop + 1] == "." and (len(t.text) == 1 or t.text == "Дж") and \
                t.text[:1].isupper() and not (out and ROMAN_NUMERAL.match(t.text)):
            t = replace(t, text=t.text + ".")
        out.append(t)
    return out


# Particles inside Arabic, Dutch, German, French names: "Хамад бен Халифа Аль Тани", "Херман ван
# Ромпей"; a name holding one is never cut in two.
PARTICLES = {"бен", "бин", "ибн", "аль", "эль", "ас", "ад", "ар", "ан", "уль", "ул", "ван", "фон",
             "дер", "де", "ди", "да", "дель", "делла", "ла", "ле", "дю", "оглы", "бинт", "абу"}


def _dictionary_surname(word: str, morph) -> bool:
    """The dictionary knows `word` as a surname and hardly as anything else."""
    known = _known_parses(word.lower(), morph)
    surn = sum(p.score for p in known if "Surn" in p.tag.grammemes)
    return surn >= 0.8


def _starts_sentence(doc, token) -> bool:
    """The token opens its sentence or line (after quotes or a dash at most)."""
    before = _ntext(doc)[max(0, token.start - 40):token.start]
    line = before.rsplit("\n", 1)[-1]
    if not line.strip(" «\"'„“—–-"):
        return True
    sent = next((s for s in doc.sentences if s.start <= token.start < s.stop), None)
    return sent is not None and not _ntext(doc)[sent.start:token.start].strip(" «\"'„“—–-")


def _is_initial(token) -> bool:
    return bool(INITIAL.match(token.text)) and token.text.endswith(".")


def _common_word(word: str, morph) -> bool:
    """The dictionary knows `word`, and only as a common word (no name, place or organisation
    reading): "Номер", "Телефон"."""
    parses = _known_parses(word.lower(), morph)
    return bool(parses) and not any(
        {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"} & p.tag.grammemes for p in parses)


def _split_names(doc, span, morph, titles=frozenset()):
    """Cut a span holding two names ("Билла Клинтона Джо Локхарту", "В.Шеймана А.Кулешов",
    "Максим Дадашев Дадашев") and leave out a title in front ("Император Акихито") or a word of
    the sentence after it."""
    tokens = _word_tokens(doc, span.start, span.stop)
    if not tokens:
        return []
    while len(tokens) > 1 and _title_word(tokens[0].text, morph) and (
            not tokens[0].text[:1].isupper() or _starts_sentence(doc, tokens[0])
            or tokens[0].lemma.replace("ё", "е") in titles
            # before a whole name ("INTERFAX.RU - Христианка Асия Биби"), not before a name
            # it makes one with ("Доктор Лиза")
            or len(tokens) > 2 and _dictionary_name(tokens[1].text, morph)
            and all(word_kinds(t.text, morph)["common"] < 0.5 for t in tokens[1:])) or \
            len(tokens) > 2 and _is_title(tokens[0], titles, morph) and \
            word_kinds(tokens[1].text, morph)["patr"] < 0.5:
        # a post's title that is a name too ("Аким Атырау Кайрат Уразбаев": Аким is a first
        # name) or one the dictionary does not know ("Хокимом Улугбеком Косимовым") before a
        # whole name; not before a patronymic ("Аким Иванович Петров")
        tokens = tokens[1:]
    while len(tokens) > 1 and _trailing_word(tokens[-1].text, morph) and \
            not INITIAL.match(tokens[-1].text):
        tokens = tokens[:-1]
    # "Демков К. С. | Номер телефона": a surname's initials close the name; a common word
    # after them begins the sentence's next words
    while len(tokens) > 2 and _is_initial(tokens[-2]) and not _is_initial(tokens[-1]) and \
            not _is_initial(tokens[0]) and _common_word(tokens[-1].text, morph):
        tokens = tokens[:-1]
    groups, current = [], []
    has_first = has_last = False
    particles = any(t.text.lower().rstrip(".") in PARTICLES or "-" in t.text and
                    t.text.split("-")[0].lower() in PARTICLES for t in tokens)
    for t in tokens:
        w = t.text
        initial = bool(INITIAL.match(w)) and w.endswith(".")
        kinds = None if initial else word_kinds(w, morph)
        first_like = initial or (kinds["name"] >= 0.5 and kinds["name"] > kinds["surn"])
        patr = (not initial) and kinds["patr"] >= 0.5
        # a new name starts at a first name after a full name ("Билла Клинтона | Джо
        # Локхарту"), or after a lone dictionary surname ("Баффета | Чарли Мангер")
        after_surname = len(current) == 1 and not initial and kinds["name"] >= 0.8 and \
            _dictionary_surname(current[0].text, morph)
        # the same word twice ("Максим Дадашев | Дадашев дебютировал"): two mentions
        repeated = has_first and has_last and not initial and \
            fold(w) == fold(current[-1].text)
        # initials come in pairs: a second one goes on the same name ("Демков К. С.")
        second_initial = initial and current and _is_initial(current[-1])
        if repeated or current and not particles and first_like and has_last and (
                has_first or after_surname) and not second_initial:
            groups.append(current)
            current, has_first, has_last = [], False, False
        current.append(t)
        has_first |= first_like
        has_last |= not first_like and not patr and not ROMAN_NUMERAL.match(w)
    groups.append(current)
    # Two names only when they are read in different cases ("Билла Клинтона | Джо Локхарту");
    # "Хесус Рубен Салазар Гомес" stays one.
    merged = [groups[0]]
    for g in groups[1:]:
        pa, pb = normalise(merged[-1], morph), normalise(g, morph)
        if (_full(pa) and fold(g[0].text) == fold(merged[-1][-1].text)) or (
                pa.case and pb.case and pa.case != pb.case) or (
                _full(pa) and _full(pb) and pa.best_case != pb.best_case) or (
                # initials and a surname are a whole name: a first name after them is
                # another person's ("сын А.Лукашенко | Виктор")
                "initial" in pa.roles and pa.last and pb.first and not pb.last
                and all(r != "initial" for r in pb.roles)):
            merged.append(g)
        else:
            merged[-1] = merged[-1] + g
    groups = merged
    out = []
    for g in groups:
        a, b = g[0].start, g[-1].stop
        if g[-1].text.endswith(".") and _ntext(doc)[b:b + 1] == ".":
            b += 1
        out.append(Mention(type="PER", start=a, stop=b, text=doc.text[a:b], sent_id=span.sent_id,
                           in_boilerplate=span.in_boilerplate))
    return out


# -- words that are not names -------------------------------------------------------------------

@lru_cache(maxsize=1)
def not_names() -> tuple:
    """(titles, common words) of data/not_names.csv, folded: Central Asian titles the position
    list lacks ("хоким") and capitalised common words the tagger reads as names ("Акорда")."""
    titles, common = set(), set()
    with open(DATA / "not_names.csv", encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        for row in rows:
            (titles if row["kind"] == "title" else common).add(fold(row["word"]))
    return frozenset(titles), frozenset(common)


@lru_cache(maxsize=1)
def _common_first_words() -> frozenset:
    return frozenset(w.split()[0] for w in not_names()[1] if " " in w)


@lru_cache(maxsize=50_000)  # bounded: a long run meets ever new words
def _all_lemmas(word: str, morph) -> frozenset:
    """The folded lemmas of the dictionary's readings of `word`, or of its guesses when it does
    not know the word ("хокимом" -> "хоким")."""
    low = word.lower()
    parses = _known_parses(low, morph) or morph.parse(low)
    return frozenset(fold(p.normal_form) for p in parses)


def _is_title(token, titles, morph) -> bool:
    """The token is a form of a post's title ("Акимом", "хокима", "Губернатор")."""
    if not titles:
        return False
    return fold(token.lemma or token.text) in titles or not _all_lemmas(
        token.text, morph).isdisjoint(titles)


# Prepositions inside a title's phrase: "послом РФ в Республике Казахстан", "при Президенте".
TITLE_PHRASE_LINKS = frozenset({"в", "во", "при", "по", "на"})


def _apposition_case(doc, index, titles, morph) -> str:
    """The case of the title the name starting at doc.tokens[index] stands in apposition to:
    the first title of the phrase right before it ("заместителя акима Атырауской области |
    Бердыбека Сапарбаева" -> Gen; "с послом РФ в Республике Казахстан | Алексеем Бородавкиным"
    -> Ins); "" when no title stands there or it is in the nominative ("первый заместитель
    акима области | Гумар Дюсембаев"). The phrase runs back over the title's dependents
    (genitives, places, prepositional phrases) to the first word that cannot belong to it (a
    verb, a comma)."""
    tokens = doc.tokens
    if index <= 0:
        return ""
    sent = tokens[index].sent_id
    case = ""
    j = index - 1
    text = doc.text
    while j >= 0 and index - j <= 10 and tokens[j].sent_id == sent:
        t = tokens[j]
        if text[t.stop:tokens[j + 1].start].strip():
            break
        feats = t.feats or {}
        if t.pos in ("VERB", "PUNCT", "CCONJ", "SCONJ", "PRON", "ADV", "AUX", "PART"):
            break  # the commonest end of the phrase, told without the dictionary
        if t.pos == "NOUN" and feats.get("Animacy") == "Anim" and feats.get("Number") != "Plur" \
                or t.pos in ("NOUN", "PROPN", "X") and _is_title(t, titles, morph):
            case = _title_case(t.text, feats.get("Case", ""), morph)
            if case != "Gen":  # a title in the genitive may depend on another before it
                break
        elif case and t.pos in ("ADJ", "DET", "NUM"):
            pass  # the title's own adjectives ("первого заместителя")
        elif case:
            break  # the genitive title depends on no other title ("визит президента")
        elif t.pos in ("NOUN", "PROPN", "ADJ", "DET", "NUM") or \
                t.pos == "ADP" and t.text.lower() in TITLE_PHRASE_LINKS:
            pass
        else:
            break
        j -= 1
    # a title in the nominative decides nothing: the name after it may be its holder in the
    # nominative or a genitive it governs ("адвокат Асии Биби")
    return "" if case == "Nom" else case


PYMORPHY_CASE = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc",
                 "ablt": "Ins", "loct": "Loc", "loc2": "Loc"}


@lru_cache(maxsize=50_000)  # bounded: a long run meets ever new words
def _title_case(word: str, tagged: str, morph) -> str:
    """The case of a title word: the tagger's, when the dictionary reads the word as an animate
    noun in that case; else the one case the dictionary gives it as such ("критику": Dat, not
    the Acc of "критика"); "" when that is not one."""
    parses = [p for p in morph.parse(word.lower())
              if p.tag.POS == "NOUN" and "anim" in p.tag.grammemes and p.tag.number == "sing"]
    if parses and "Fixd" in parses[0].tag.grammemes:
        return ""  # an indeclinable title tells no case ("замминистра")
    cases = {PYMORPHY_CASE.get(p.tag.case) for p in parses}
    cases.discard(None)
    if not cases or tagged in cases:
        return tagged
    return cases.pop() if len(cases) == 1 else ""


KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def _not_a_name(doc, tokens, parts, morph, titles, gazetteer, i) -> bool:
    """A one-word "name" that is a title's form ("Акимом" opening a sentence, "Акимов круговорот"),
    a common word of data/not_names.csv ("Акорды", "Елбасы"), a word of Kazakh text ("Жетісу",
    «Ерен еңбегі үшін»), a place of the gazetteer the dictionary does not know as a name
    ("губернатор Ширака"), or an adjective of an unknown surname's shape before its noun
    ("Межуниверситетским кампусом") or in a list of such ("Зыряновский и Бескарагайский")."""
    _, common = not_names()
    words = [t.text for t in tokens]
    if len(words) <= 2 and (len(words) == 1 or fold(words[0]) in _common_first_words()):
        head = " ".join(words[:-1] + [""])
        if fold(head + words[-1]) in common or any(
                fold(head) + n in common for role in ("last", "first")
                for n in _forms(words[-1], role, morph)):
            return True
    if len(tokens) != 1:
        return False
    t = tokens[0]
    if _is_title(t, titles, morph):
        return True
    near = doc.tokens[max(0, i - 1):i + 2] if i >= 0 else [t]
    if any(KAZAKH_LETTERS.search(x.text) for x in near):
        return True
    named, _ = _name_score(t.text, morph)
    places = gazetteer.find(t.text) if gazetteer is not None else []
    written = {fold(gazetteer.get(r).name) for r in places if gazetteer.get(r)}
    if places and not named and fold(t.text) in written:
        return True  # a place's name as such ("Кентау"), not a name one of its forms looks like
    if places and i >= 1 and _is_title(doc.tokens[i - 1], titles, morph) and \
            fold(t.text) not in written:
        return True  # the title's place, inflected ("губернатор Ширака"), not its holder
    if ADJECTIVAL_NAME.search(t.text.lower()) and not named and i >= 0:
        after = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
        before = doc.tokens[i - 2] if i >= 2 else None
        if after is not None and after.pos == "NOUN" and after.text[:1].islower() and \
                _agrees(t.text, after.text, morph):
            return True
        if before is not None and doc.tokens[i - 1].text in (",", "и") and \
                ADJECTIVAL_NAME.search(before.text.lower()) and before.text[:1].isupper():
            return True
    return False


@lru_cache(maxsize=20_000)  # bounded: a long run meets ever new words
def _agrees(adjective: str, noun: str, morph) -> bool:
    """`adjective` read as an adjective agrees with `noun` read as a noun (case, number, and
    gender in the singular): "Межуниверситетским кампусом", not "Березовского жена"."""
    def forms(word, pos):
        return {(p.tag.case, p.tag.number, p.tag.gender if p.tag.number == "sing" else None)
                for p in morph.parse(word.lower()) if p.tag.POS == pos}
    return bool(forms(adjective, "ADJF") & forms(noun, "NOUN"))


ADJECTIVAL_NAME = re.compile(r"(ск|цк)(ий|ая|ого|ой|ому|им|ую|ие|их|им|ими)$")


# -- the stage -----------------------------------------------------------------------------------

def run(doc, models) -> None:
    morph = models.morph
    text = _ntext(doc)
    found = []  # (mention, parts, tokens)
    doc.other_names = []
    try:  # the first words of the titles officials are named by ("император", "принц")
        titles = models.positions.first_words
    except Exception:  # noqa: BLE001 - no position data: titles are told by shape alone
        titles = frozenset()
    titles = frozenset(titles) | not_names()[0]
    try:
        gazetteer = models.gazetteer
    except Exception:  # noqa: BLE001 - no gazetteer: places are told by the dictionary alone
        gazetteer = None
    def token_index(token) -> int:
        """The token's index in doc.tokens (-1 for one made up, as an initial with its dot)."""
        i = bisect_left(token_starts, token.start)
        return i if i < len(doc.tokens) and doc.tokens[i] is token else -1

    doc.tokens_in(0, 0)  # builds doc._token_starts, the token offsets tokens_in bisects
    token_starts = doc._token_starts

    def read(tokens, case_hint=""):
        # a whole name only: a lone word after a title is as often governed by it ("звали
        # крокодила Геной") and joins its full name anyway
        i = token_index(tokens[0]) if len(tokens) > 1 else -1
        context = _apposition_case(doc, i, titles, morph) if i >= 0 else ""
        return normalise(tokens, morph, case_hint=case_hint, case_context=context)
    candidates = []  # (span, tokens, namesake, parts)
    caps = _capitalised(doc.tokens)  # read once: two scans look at capitalised words only
    spans = _person_spans(doc, morph, titles, caps)
    spans += _names_read_as_places(doc, morph, gazetteer)
    for span in spans:
        tokens = _word_tokens(doc, span.start, span.stop)
        namesake = span.entity_id == NAMESAKE or \
            _namesake_before(text[max(0, span.start - 60):span.start])
        if tokens and tokens[0].text.lower().rstrip(".") in ("им", "имени"):
            namesake, tokens = True, tokens[1:]
        if not tokens:
            continue
        after_imeni = IMENI_BEFORE.search(text, max(0, span.start - 8), span.start)
        parts = read(tokens, case_hint="Gen" if after_imeni else "")
        if not (parts.first or parts.last):
            continue
        candidates.append((span, tokens, namesake, parts))
    candidates = _split_other_surnames(
        _without_leading_place(doc, candidates, morph, gazetteer, read), morph)
    # the words of the full names the document gives: a word of one of them standing alone is
    # that person's name, even when the dictionary knows it as a common word ("Тело Флинта"
    # beside "Кит Флинт", "заявил Челах" beside "Владимир Челах")
    names_here = _document_name_words((tokens, parts) for _, tokens, namesake, parts
                                      in candidates if not namesake)
    for span, tokens, namesake, parts in candidates:
        words = [t.text for t in tokens]
        if (not is_person_like(words, morph, titles) or
                _not_a_name(doc, tokens, parts, morph, titles, gazetteer,
                            token_index(tokens[0]))) and not (
                len(words) == 1 and _names_here(tokens[0], names_here, morph)):
            continue
        start, stop = tokens[0].start, span.stop
        mention = Mention(type="PER", start=start, stop=stop, text=doc.text[start:stop],
                          normal=surface_normal(parts, tokens, doc.text), sent_id=span.sent_id,
                          in_boilerplate=span.in_boilerplate, case=parts.case)
        if namesake:
            doc.other_names.append(mention)
        else:
            found.append((mention, parts, tokens))
    found += _repeated_names(doc, found, morph, caps)
    found.sort(key=lambda item: item[0].start)
    people = cluster(found, morph)
    # People seen only in boilerplate (other articles' headlines, menus, credits) are not in
    # this news; lines between the title and the body (a photo caption, a lead) are.
    doc.people = [p for p in people if not all(
        m.in_boilerplate and not _caption(doc, m) and not _byline(doc, m, morph)
        for m in p.mentions)]
    for p in people:
        if p not in doc.people:
            for m in p.mentions:
                m.entity_id = ""
            doc.other_names.extend(p.mentions)
    doc.other_names.sort(key=lambda m: m.start)


# The kind of place before a place's own name: "области Жетысу", "города Кентау", "аула Акжар".
PLACE_KIND_BEFORE = re.compile(
    r"(?<![\w-])(област[иьюей]|город[аеуо]?м?|район[аеу]?м?|сел[аеуо]м?|аул[аеу]?м?|"
    r"посел[её]к[аеу]?м?|поселк[аеу]м?|республик[аиеуой]|кра[яюейм]|край)\s$", re.I)


def _without_leading_place(doc, candidates, morph, gazetteer=None, read=None):
    """Leave out a leading word that is a place before a whole name: one the tagger reads as a
    place elsewhere in the document ("губернатор Панджаба | Салман Тасир" beside "провинции
    Панджаб"), or one of the gazetteer ("экс-акима Кентау | Даурена Махажанова")."""
    places = set()
    text = _ntext(doc)
    for m in doc.ner:
        word = text[m.start:m.stop].strip()
        if m.type == "LOC" and " " not in word:
            places.add(fold(word))
            places |= _lemmas(word, morph)
    if not places and gazetteer is None:
        return candidates
    read = read or (lambda tokens: normalise(tokens, morph))
    out = []
    for span, tokens, namesake, parts in candidates:
        if len(tokens) >= 3 and "initial" not in parts.roles and not \
                _dictionary_name(tokens[0].text, morph):
            first = tokens[0].text
            tagged = bool(({fold(first)} | _forms(first, "last", morph)) & places)
            # a place's name after its kind ("заместителем акима области | Жетысу"), or one of
            # the gazetteer ("экс-акима Кентау")
            listed = (PLACE_KIND_BEFORE.search(
                text, max(0, tokens[0].start - 16), tokens[0].start) is not None
                      or gazetteer is not None and not SURNAME_SHAPE.search(first.lower())
                      and bool(gazetteer.find(first)))  # not "Березовского" (a town, too)
            if tagged or listed:
                rest = read(tokens[1:])
                if _full(rest) and rest.roles[0] == "first" and (
                        listed or _dictionary_name(tokens[1].text, morph)
                        or word_kinds(tokens[1].text, morph)["common"] == 0):
                    a = tokens[1].start
                    span = replace(span, start=a, text=span.text[a - span.start:])
                    tokens, parts = tokens[1:], rest
        out.append((span, tokens, namesake, parts))
    return out


@lru_cache(maxsize=NAME_CACHE)  # bounded: a long run meets ever new words
def _lemmas(word: str, morph) -> frozenset:
    """The folded lemmas of the dictionary's own readings of `word`."""
    return frozenset(fold(p.normal_form) for p in morph.parse(word) if p.is_known)


def _split_other_surnames(candidates, morph):
    """Cut off a leading word that is the surname of another person the document names in full,
    when the rest is a name by itself: "обращении к Мэй | Джонсон предупредил" beside "Терезы
    Мэй" and "Бориса Джонсона", "адвокат Асии Биби | Саиф Уль-Малук" beside "Асия Биби"."""
    fulls = [(i, tokens, parts) for i, (_, tokens, _, parts) in enumerate(candidates)
             if _full(parts) and len(tokens) >= 2]
    if len(fulls) < 2:
        return candidates
    forms = {}  # candidate index -> (folded forms of its surname words, of all its words)
    for i, tokens, parts in fulls:
        last, every = set(), set()
        for t, word, role in zip(tokens, parts.words, parts.roles):
            both = {fold(t.text), fold(word)}
            every |= both
            if role == "last":
                last |= both
        forms[i] = (last, every)

    def variants(token):
        return {fold(token.text)} | _forms(token.text, "last", morph)

    def owners(token, exclude, avoid):
        """Full names (other than `exclude`) with `token` as a surname and none of `avoid`."""
        v = variants(token)
        return {i for i, (last, every) in forms.items() if i != exclude and v & last
                and not any(variants(a) & every for a in avoid)}

    out = []
    for i, (span, tokens, namesake, parts) in enumerate(candidates):
        if len(tokens) < 2 or any(r in ("initial", "middle") for r in parts.roles) or \
                any(t.text.lower() in PARTICLES for t in tokens) or \
                _dictionary_name(tokens[0].text, morph):
            out.append((span, tokens, namesake, parts))
            continue
        left, right = tokens[:1], tokens[1:]
        mine = owners(left[0], i, right)
        split = False
        if mine:
            if len(right) >= 2:
                split = _full(normalise(right, morph))
            else:
                theirs = owners(right[0], i, left)
                split = bool(theirs) and not (theirs & mine)
        if not split:
            out.append((span, tokens, namesake, parts))
            continue
        for piece in (left, right):
            a, b = piece[0].start, piece[-1].stop
            out.append((replace(span, start=a, stop=b, text=span.text[a - span.start:
                                                                      b - span.start]),
                        piece, namesake, normalise(piece, morph)))
    return out


def _dictionary_name(word: str, morph) -> bool:
    """The dictionary itself (not a guess) knows `word` as a first name."""
    return any("Name" in p.tag.grammemes for p in _known_parses(word.lower(), morph))


def _document_name_words(named, morph=None) -> set:
    """Folded words (as written and in the nominative) of the full names among `named`
    ((tokens, parts) pairs): a first name and a surname, no initials."""
    out = set()
    for tokens, parts in named:
        if not _full(parts) or len(tokens) < 2:
            continue
        for t, word, role in zip(tokens, parts.words, parts.roles):
            if role in ("first", "last") and len(t.text) > 2:
                out.add(fold(t.text))
                out.add(fold(word))
    return out


def _names_here(token, names_here, morph) -> bool:
    """`token` is (an inflected form of) a word of a full name of the document."""
    if not names_here or not token.text[:1].isupper() or len(token.text) < 3:
        return False
    if fold(token.text) in names_here:
        return True
    return any(fold(n) in names_here for role in ("last", "first")
               for n in nominatives(token.text, role, morph))


CYRILLIC_WORD = re.compile(r"^[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?$")


def _plain_name(word: str, morph) -> bool:
    """The dictionary knows `word` as a name, or not at all (not as a place or a common word)."""
    named, geo = _name_score(word, morph)
    return geo == 0 and (named >= 0.5 or not _known_parses(word.lower(), morph))


def _caption(doc, m) -> bool:
    """A mention on the lines between the title and the body: a caption or lead."""
    return doc.title_stop >= 0 and doc.title_stop <= m.start and m.stop <= doc.body_start


def _names_read_as_places(doc, morph, gazetteer):
    """PER spans for the two-word names the tagger took for places ("консул ... в Нижнем
    Новгороде | Агаси Алекян"): a word the dictionary does not know as a place or a common word,
    then a surname by its ending (-ян, -ов, -ин, -ский ...), the two not a place of the
    gazetteer."""
    if gazetteer is None:
        return []
    out = []
    text = _ntext(doc)
    for m in doc.ner:
        if m.type != "LOC":
            continue
        words = text[m.start:m.stop].split()
        if len(words) != 2 or not all(CYRILLIC_WORD.match(w) for w in words):
            continue
        first, last = words
        if not SURNAME_SHAPE.search(last.lower()) or _known_parses(first.lower(), morph) and \
                not _dictionary_name(first, morph):
            continue
        if _known_parses(last.lower(), morph) and not _dictionary_surname(last, morph):
            continue
        if gazetteer.find(" ".join(words)) or gazetteer.find(last):
            continue
        out.append(Mention(type="PER", start=m.start, stop=m.stop, text=doc.text[m.start:m.stop],
                           sent_id=m.sent_id, in_boilerplate=m.in_boilerplate))
    return out


def _byline(doc, m, morph) -> bool:
    """A full name on a line of its own, the last line before the article's own text begins (a
    byline above the title: "г. Чолпон-Ата / Сергей Высоцкий / <title>")."""
    text = doc.text
    a = text.rfind("\n", 0, m.start) + 1
    b = text.find("\n", m.stop)
    if b < 0 or text[a:b].strip() != m.text.strip() or not 2 <= len(m.text.split()) <= 3 or \
            _common_word(m.text.split()[0], morph):
        return False  # not a headline ("Дубль Кокорина")
    rest = text[b:].lstrip()
    if not rest:
        return False
    c = len(text) - len(rest)
    d = text.find("\n", c)
    return not doc.in_boilerplate(c, d if d >= 0 else len(text))


def _repeated_names(doc, found, morph, caps=None):
    """Mentions the tagger missed of a full name (or of its surname, or a lone name) the
    document gives a person elsewhere: "Ли Пэн" untagged beside a tagged "Ли Пэн", "Маркив"
    untagged beside a tagged "Маркив"."""
    if not found:
        return []
    known = {}  # folded surname as written -> the dictionary knows it as a plain name
    for m, parts, tokens in found:
        if not _full(parts):
            continue  # only the surnames of full names: a lone word may be the tagger's slip
        for t, role in zip(tokens, parts.roles):
            if role == "last" and CYRILLIC_WORD.match(t.text):
                plain = _plain_name(t.text, morph)
                known[fold(t.text)] = known.get(fold(t.text), False) or plain
    covered = [(m.start, m.stop) for m, _, _ in found]
    covered += [(m.start, m.stop) for m in doc.other_names]
    covered += [(m.start, m.stop) for m in doc.ner if m.type == "PER"]
    others = sorted((m.start, m.stop) for m in doc.ner if m.type != "PER")
    other_starts = [a for a, _ in others]
    # the nominatives of those words, by role
    by_nominative = defaultdict(set)
    plain_nominative = set()
    for m, parts, tokens in found:
        for t, role, word in zip(tokens, parts.roles, parts.words):
            if fold(t.text) in known:
                by_nominative[fold(word)].add(role)
                if known[fold(t.text)]:
                    plain_nominative.add(fold(word))
    # full names of two or more words, to find again as a whole: a tuple of (role, the forms
    # each word may take)
    sequences = {}
    for m, parts, tokens in found:
        if _full(parts) and 2 <= len(tokens) <= 4 and "initial" not in parts.roles and \
                all(CYRILLIC_WORD.match(t.text) for t in tokens):
            key = tuple(fold(t.text) for t in tokens)
            sequences.setdefault(key, tuple(
                (role, _forms(t.text, role, morph)) for t, role in zip(tokens, parts.roles)))
    covered.sort()
    starts = [a for a, _ in covered]

    def free(a, b, spans=covered, at=starts):
        i = bisect_right(at, a) - 1
        return not any(x < b and a < y for x, y in spans[max(0, i - 3):i + 4])

    out = []
    text = _ntext(doc)
    tokens_all = doc.tokens
    # longest first (a stable sort: among equals, the order the names came in)
    ordered = sorted(sequences.values(), key=len, reverse=True)
    first_forms = defaultdict(set)  # role -> the forms the first word of a full name may take
    for seq in ordered:
        first_forms[seq[0][0]] |= seq[0][1]

    def may_be(word, role, forms):
        return not _forms(word, role, morph).isdisjoint(forms)

    # the folded nominatives by which a lone surname or first name names a person here
    wanted = {n for n, roles in by_nominative.items() if roles & {"last", "first"}}

    def lone_names(word):
        if not wanted:
            return []
        return [n for role in ("last", "first") for n in _forms(word, role, morph) if n in wanted]

    resume = 0  # past the last full name found again
    for i in compress(range(len(tokens_all)), _capitalised(tokens_all) if caps is None else caps):
        if i < resume:
            continue
        t = tokens_all[i]
        k = resume = i + 1
        if len(t.text) < 2 or t.text.isupper() or not free(t.start, t.stop):
            continue
        if text[max(0, t.start - 1):t.start] in ("-", "."):
            continue
        # the whole full name again
        whole = None
        if ordered and CYRILLIC_WORD.match(t.text) and \
                any(may_be(t.text, role, forms) for role, forms in first_forms.items()):
            for seq in ordered:
                run_ = tokens_all[k - 1:k - 1 + len(seq)]
                if len(run_) < len(seq):
                    continue
                if any(text[x.stop:y.start] != " " for x, y in zip(run_, run_[1:])):
                    continue
                if all(CYRILLIC_WORD.match(x.text) and may_be(x.text, role, forms)
                       for x, (role, forms) in zip(run_, seq)):
                    if free(run_[0].start, run_[-1].stop) and \
                            text[run_[-1].stop:run_[-1].stop + 1] != "-":
                        whole = run_
                        break
        if whole:
            tokens = list(whole)
            resume = k + len(whole) - 1
        else:
            if len(t.text) < 3:
                continue
            low = fold(t.text)
            noms = [] if low in known else lone_names(t.text)
            if low not in known and not noms:
                continue
            if text[t.stop:t.stop + 1] in ("-",):
                continue
            plain = known.get(low, False) or any(n in plain_nominative for n in noms)
            if not plain:
                # a surname the dictionary knows as a word too ("Быков", "Флинта", "Толедо"):
                # a name only where the tagger reads a proper noun, not inside a place or an
                # organisation it found
                if t.pos != "PROPN" or not free(t.start, t.stop, others, other_starts):
                    continue
            tokens = [t]
        a, b = tokens[0].start, tokens[-1].stop
        parts = normalise(tokens, morph)
        if not (parts.first or parts.last):
            continue
        mention = Mention(type="PER", start=a, stop=b, text=doc.text[a:b],
                          normal=surface_normal(parts, tokens, doc.text),
                          sent_id=t.sent_id, in_boilerplate=doc.in_boilerplate(a, b),
                          case=parts.case)
        if _namesake_before(text[max(0, a - 60):a]):
            doc.other_names.append(mention)
            continue
        out.append((mention, parts, tokens))
    return out


@lru_cache(maxsize=NAME_CACHE)  # bounded: a long run meets ever new words
def _forms(word: str, role: str, morph) -> frozenset:
    """The folded nominatives `word` may stand for as a name of `role`."""
    return frozenset(fold(n) for n in nominatives(word, role, morph))


# -- one person per real person ----------------------------------------------------------------

def _full(parts: NameParts) -> bool:
    return bool(parts.first and parts.last and not parts.first.endswith("."))


def _word_forms(tokens, parts, role, morph) -> set:
    """Every nominative the words of `role` may stand for (folded)."""
    out = set()
    for t, r, word in zip(tokens, parts.roles, parts.words):
        if r == role:
            out.add(fold(word))
            out |= {fold(n) for n in nominatives(t.text.rstrip("."), role, morph)}
            if role == "last" and fold(word).endswith("а"):  # "Бочарова" beside "Андрей Бочаров"
                out.add(fold(word)[:-1])
    return out


def cluster(found, morph=None) -> list[Person]:
    groups: list[list] = []  # each: list of (mention, parts, tokens)
    items = [(x[0], x[1], x[2] if len(x) > 2 else []) for x in found]

    # 1. Full names; spelling variants of the first name with the same surname merge.
    for item in items:
        m, p, _ = item
        if not _full(p):
            continue
        for g in groups:
            gp = g[0][1]
            if fold(gp.last) == fold(p.last) and _close(fold(gp.first), fold(p.first)) and \
                    (not gp.middle or not p.middle or fold(gp.middle)[:1] == fold(p.middle)[:1]):
                g.append(item)
                break
        else:
            groups.append([item])
    # 2. Partial names (surname alone, first name alone, initials) join a unique full name.
    for item in items:
        m, p, tokens = item
        if _full(p):
            continue
        if p.last:
            forms = _word_forms(tokens, p, "last", morph) if morph else {fold(p.last)}
            forms.add(fold(p.last))
            initial = fold(p.first)[:1]
            matches = [g for g in groups if _full(g[0][1]) and fold(g[0][1].last) in forms
                       and (not initial or fold(g[0][1].first)[:1] == initial)]
            if not matches and not initial:
                # a typo of a full name's surname: its letters shuffled inside ("Суламайнов"
                # beside "Алтынбек Сулайманов")
                matches = [g for g in groups if _full(g[0][1]) and
                           _shuffled(fold(g[0][1].last), fold(p.last))]
        else:
            forms = _word_forms(tokens, p, "first", morph) if morph else {fold(p.first)}
            forms.add(fold(p.first))
            matches = [g for g in groups if _full(g[0][1]) and fold(g[0][1].first) in forms]
            if len(tokens) == 1 and morph is not None and not p.middle:
                # a lone word read as a first name may be a surname ("Джонсон", "Биби"
                # beside "Борис Джонсон", "Асия Биби"): the surname of one full name wins
                as_last = {fold(p.first)} | {
                    fold(n) for n in nominatives(tokens[0].text.rstrip("."), "last", morph)}
                by_last = [g for g in groups if _full(g[0][1]) and
                           fold(g[0][1].last) in as_last]
                if len(by_last) == 1:
                    matches = by_last
        if len(matches) == 1:
            matches[0].append(item)
        else:
            same = [g for g in groups if not _full(g[0][1]) and
                    fold(g[0][1].full) == fold(p.full)]
            if same:
                same[0].append(item)
            else:
                groups.append([item])

    people = []
    for g in groups:
        if morph is not None:
            g = _reread(g, morph)
        people.append(_person(g))
    people.sort(key=lambda p: p.mentions[0].start)
    return people


def _reread(group, morph):
    """Read again with the person's gender the mentions that do not show it themselves
    ("Асию" beside "Асия Биби, она ...")."""
    margin = sum(p.gender_margin for m, p, tokens in group)
    if abs(margin) < 0.3:
        return group
    gender = "f" if margin > 0 else "m"
    out = []
    for m, p, tokens in group:
        if p.gender != gender and tokens:
            p2 = normalise(tokens, morph, gender_hint=gender)
            if p2.gender == gender:
                p = p2
                m.normal = surface_normal(p, tokens, m.text, m.start)
                m.case = p.case
        out.append((m, p, tokens))
    return out


def _person(group) -> Person:
    fulls = Counter(p.full for _, p, _ in group if _full(p)) or \
        Counter(p.full for _, p, _ in group)
    # the fullest form: one with the patronymic written out ("Даниал Кенжетаевич Ахметов" of an
    # official's decree beside "Даниал Ахметов" of the story), else the commonest
    whole = {p.full for _, p, _ in group if _full(p) and p.middle and not p.middle.endswith(".")}
    canonical = max(fulls, key=lambda name: (name in whole, fulls[name], -list(fulls).index(name)))
    best = next(p for _, p, _ in group if p.full == canonical)
    gender = Counter(p.gender for _, p, _ in group if p.gender).most_common(1)
    pid = person_id(canonical)
    mentions = sorted((m for m, _, _ in group), key=lambda m: m.start)
    for m in mentions:
        m.entity_id = pid
    return Person(
        person_id=pid, name=canonical, first=best.first, middle=best.middle,
        last=best.last, gender=gender[0][0] if gender else "", mentions=mentions,
        variants=sorted({m.normal for m in mentions} | {m.text for m in mentions}),
    )


# -- one person across documents ---------------------------------------------------------------

def merge_people(people: dict) -> dict:
    """{person_id: the person_id it is the same person as} over a run's documents.

    `people` maps each document-level person_id to what the run knows of it: ``name``,
    ``first``, ``middle``, ``last``, ``gender``, ``posts`` (a set of (role, region_id) from the
    officials linked to it) and ``n_mentions``. Ids are hashes of the folded canonical name, so
    the same name in two documents is one id already. Beyond that the rule is:

    1. Two full names (first name and surname) are one person when they differ only by a
       spelling variant — the same surname and first names at most one letter apart ("Асхат" /
       "Асхад Сыздыков"), or the same first name and surnames one letter apart — their
       patronymics (or initials) and genders do not disagree, and the evidence agrees: they
       hold a post in common (same role, same place) or a post in the same place.
    2. A name without a first name ("Бабушкин", "Е.И. Борисов") is the full name of the run
       that has its surname, when exactly one full name has it, initials and gender do not
       disagree, and either the initials confirm it (first and patronymic initial both given and
       equal) or the evidence agrees as in 1.
    3. Otherwise people stay apart: namesakes with different posts or places are different
       people, and so are spelling variants with no post to compare.

    The id the group keeps is that of its commonest full name (most mentions, then the name).
    """
    ids = sorted(people)
    parent = {i: i for i in ids}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    def full(r):
        return bool(r.get("first")) and bool(r.get("last")) and not r["first"].endswith(".")

    def agree(a, b):
        if a.get("gender") and b.get("gender") and a["gender"] != b["gender"]:
            return False
        ma, mb = fold(a.get("middle", ""))[:1], fold(b.get("middle", ""))[:1]
        return not (ma and mb and ma != mb)

    def evidence(a, b):
        pa, pb = a.get("posts") or set(), b.get("posts") or set()
        if pa & pb:
            return True
        places_a = {region for _, region in pa if region}
        return bool(places_a & {region for _, region in pb if region})

    fulls = [i for i in ids if full(people[i])]
    by_last = defaultdict(list)
    for i in fulls:
        by_last[fold(people[i]["last"])].append(i)
    # 1. spelling variants of full names: pairs one letter apart share a key of the
    # deletion index (a word and the word less any one letter), so only those are compared
    buckets = defaultdict(list)
    for i in fulls:
        first, last = fold(people[i]["first"]), fold(people[i]["last"])
        for fixed, varied, side in ((last, first, "f"), (first, last, "l")):
            for key in {varied} | {varied[:k] + varied[k + 1:] for k in range(len(varied))}:
                buckets[(side, fixed, key)].append(i)
    for members in buckets.values():
        for n, a in enumerate(members):
            ra = people[a]
            for b in members[n + 1:]:
                rb = people[b]
                la, lb = fold(ra["last"]), fold(rb["last"])
                fa, fb = fold(ra["first"]), fold(rb["first"])
                variant = (la == lb and _close(fa, fb)) or (fa == fb and _close(la, lb))
                if a != b and variant and agree(ra, rb) and evidence(ra, rb):
                    union(a, b)
    # 2. names without a first name
    for i in ids:
        r = people[i]
        if full(r) or not r.get("last"):
            continue
        first_initial = fold(r.get("first", ""))[:1]
        middle_initial = fold(r.get("middle", ""))[:1]
        last = fold(r["last"])
        candidates = {find(j) for j in by_last.get(last, [])}
        if len(candidates) != 1:
            continue
        members = [j for j in by_last[last] if find(j) in candidates]
        target = members[0]
        rt = people[target]
        if first_initial and fold(rt["first"])[:1] != first_initial:
            continue
        if not agree(r, rt):
            continue
        confirmed = bool(first_initial and middle_initial and
                         fold(rt.get("middle", ""))[:1] == middle_initial)
        if confirmed or any(evidence(r, people[j]) for j in members):
            union(i, target)

    groups = defaultdict(list)
    for i in ids:
        groups[find(i)].append(i)
    mapping = {}
    for members in groups.values():
        best = max(members, key=lambda j: (full(people[j]), people[j].get("n_mentions", 0),
                                           people[j].get("name", "")))
        for j in members:
            mapping[j] = best
    return mapping


STAGE = Stage("people", run, requires=("tokens", "ner"), provides=("people",))


__all__ = ["run", "STAGE", "person_id", "cluster", "merge_people", "NameParts"]
