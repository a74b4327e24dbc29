"""Stage: people — names in the nominative, one person per name within a document.

Each PER span of the tagger is normalised as a whole name (see names.py), then mentions are
joined: a surname alone or a first name alone goes to the full name it abbreviates, and spelling
variants of one surname with near-identical first names ("Асхат" / "Асхад") become one person.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter

from .names import NameParts, normalise, word_kinds
from .records import Mention, Person
from .stage import Stage

# "оркестр им. Е.И. Борисова", "улица имени Ленина": a namesake, not a person in the news.
NAMESAKE_BEFORE = re.compile(r"(\bим\.|\bимени)\s*$", re.I)


def person_id(name: str) -> str:
    """Stable across documents and runs: the same canonical name gives the same id."""
    return "P" + hashlib.sha1(name.lower().encode("utf-8")).hexdigest()[:10]


def name_tokens(tokens):
    return [t for t in tokens if any(ch.isalpha() for ch in t.text)]


def is_person_like(words, morph) -> bool:
    """False for single common words the tagger took for names ("Астраханцам")."""
    if len(words) != 1:
        return True
    kinds = word_kinds(words[0], morph)
    return kinds["name"] + kinds["surn"] + kinds["patr"] > 0 or kinds["common"] == 0


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


def _surname_matches(candidate: str, full_last: str) -> bool:
    if candidate == full_last:
        return True
    # A surname seen alone may be a masculine genitive read as a feminine nominative
    # ("Бочарова" beside "Андрей Бочаров").
    return candidate.endswith("а") and candidate[:-1] == full_last


def run(doc, models) -> None:
    morph = models.morph
    found = []  # (mention, parts)
    doc.other_names = []
    for span in _joined_person_spans(doc):
        tokens = name_tokens(doc.tokens_in(span.start, span.stop))
        namesake = bool(NAMESAKE_BEFORE.search(doc.text[max(0, span.start - 8):span.start]))
        if tokens and tokens[0].text.lower() in ("им", "имени"):  # the tagger took "им." in
            namesake, tokens = True, tokens[1:]
        if not tokens:
            continue
        words = [t.text for t in tokens]
        if not is_person_like(words, morph):
            continue
        parts = normalise(tokens, morph)
        if not (parts.first or parts.last):
            continue
        start = tokens[0].start
        mention = Mention(type="PER", start=start, stop=span.stop, text=doc.text[start:span.stop],
                          normal=parts.full, sent_id=span.sent_id,
                          in_boilerplate=span.in_boilerplate, case=parts.case)
        if namesake:
            doc.other_names.append(mention)
        else:
            found.append((mention, parts))
    people = cluster(found)
    # People seen only in boilerplate (other articles' headlines) are not in this news.
    doc.people = [p for p in people if not all(m.in_boilerplate for m in p.mentions)]
    for p in people:
        if p not in doc.people:
            for m in p.mentions:
                m.entity_id = ""
            doc.other_names.extend(p.mentions)


def _joined_person_spans(doc):
    """PER spans, with neighbours split by nothing but a space joined into one name: the tagger
    cuts "Абдурахмановой | Натальи Петровны" in two."""
    spans = []
    for span in doc.ner:
        if span.type != "PER":
            continue
        prev = spans[-1] if spans else None
        if prev and doc.text[prev.stop:span.start].strip(" ") == "" \
                and len(doc.text[prev.start:span.stop].split()) <= 4:
            spans[-1] = Mention(type="PER", start=prev.start, stop=span.stop,
                                text=doc.text[prev.start:span.stop], sent_id=prev.sent_id,
                                in_boilerplate=prev.in_boilerplate and span.in_boilerplate)
        else:
            spans.append(span)
    return [piece for span in spans for piece in _split_span(doc, span)]


# Punctuation inside a tagger's PER span separates names: "Мишель — Саше",
# "Джоэл Саймон (Joel Simon)", "Медведев, Путин".
SPAN_SEPARATOR = re.compile(r"\s*[()\[\]—–,;:/«»\"]\s*|\s+-\s+")


def _split_span(doc, span):
    text = doc.text[span.start:span.stop]
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


def cluster(found) -> list[Person]:
    groups: list[list] = []  # each: list of (mention, parts)

    def full(parts):
        return parts.first and parts.last and not parts.first.endswith(".")

    # 1. Full names; spelling variants of the first name with the same surname merge.
    for item in found:
        m, p = item
        if not full(p):
            continue
        for g in groups:
            gp = g[0][1]
            if gp.last == p.last and _close(gp.first.lower(), p.first.lower()):
                g.append(item)
                break
        else:
            groups.append([item])
    # 2. Partial names (surname alone, first name alone, initials) join a unique full name.
    for item in found:
        m, p = item
        if full(p):
            continue
        if p.last:
            matches = [g for g in groups if _surname_matches(p.last, g[0][1].last)
                       and (not p.first or g[0][1].first[:1] == p.first[:1])]
        else:
            matches = [g for g in groups if g[0][1].first == p.first]
        if len(matches) == 1:
            matches[0].append(item)
        else:
            same = [g for g in groups if not full(g[0][1]) and g[0][1].full == p.full]
            if same:
                same[0].append(item)
            else:
                groups.append([item])

    people = []
    for g in groups:
        fulls = Counter(p.full for _, p in g if full(p)) or Counter(p.full for _, p in g)
        canonical = fulls.most_common(1)[0][0]
        best = next(p for _, p in g if p.full == canonical)
        gender = Counter(p.gender for _, p in g if p.gender).most_common(1)
        pid = person_id(canonical)
        mentions = sorted((m for m, _ in g), key=lambda m: m.start)
        for m in mentions:
            m.entity_id = pid
        people.append(Person(
            person_id=pid, name=canonical, first=best.first, middle=best.middle,
            last=best.last, gender=gender[0][0] if gender else "", mentions=mentions,
            variants=sorted({m.normal for m in mentions} | {m.text for m in mentions}),
        ))
    people.sort(key=lambda p: p.mentions[0].start)
    return people


STAGE = Stage("people", run, requires=("tokens", "ner"), provides=("people",))


__all__ = ["run", "STAGE", "person_id", "cluster", "NameParts"]
