"""Every name in the gazetteer, in every case form, is found again by the regions stage.

Generated, not written by example: each place's name and each of its aliases (short, official,
former, colloquial; cue aliases after their cue word) is inflected with pymorphy3 into the six
cases, in the name's own number (the plural for plural names: Нидерланды, Гавайи), put in a
sentence whose frame governs that case, and run through the segmenter and the regions stage
(the tagger's LOC span given on the name, as natasha gives it on place names). The place must be
among the ids the stage offers for the words. Names that several places share (a town and a
district, two towns) are left to the document to decide, so for them being offered is enough;
a first-level unit or country whose name no other place shares must be linked outright.
Coordinated names sharing their noun in the plural ("с Волгоградской и Саратовской областями")
are generated for every pair of regions of the same head noun.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import pytest

from pipeline import gazetteer as G
from pipeline import regions, segment
from pipeline.models import default_models
from pipeline.records import Document, Mention

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# a frame per case: the words around the name govern it, as in news
FRAMES = {"nomn": "Сегодня {} отмечает праздник.", "gent": "Вчера прибыла делегация {}.",
          "datv": "Помощь вовремя оказана {}.", "accs": "Вчера делегация посетила {}.",
          "ablt": "Соглашение подписано с {}.", "loct": "Вчера форум прошёл в {}."}
ALIAS_TYPES = ("short", "official", "former", "colloquial")
ADJ_ENDINGS = ("ий", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые")
CHUNK = 250  # sentences per document


def _parse(word: str, pos: tuple):
    """The nominative reading of a word (a toponym's first), or None."""
    found = [p for p in G.analyzer().parse(word.lower())
             if "nomn" in p.tag and p.tag.POS in pos]
    found.sort(key=lambda p: "Geox" not in p.tag)
    return found[0] if found else None


def _like(template: str, word: str) -> str:
    return regions._match_case(template, word)


def _adjective(word: str, grams: set) -> str | None:
    """An adjective of a name inflected; of a hyphenated one only the last part
    ("Усть-Кутский" -> "Усть-Кутского")."""
    head, sep, last = word.rpartition("-")
    p = _parse(last if sep else word, ("ADJF", "PRTF"))
    if p is None:
        return None
    f = p.inflect(grams)
    if f is None:
        return None
    return head + sep + _like(last, f.word) if sep else _like(word, f.word)


def inflect(name: str, case: str) -> str | None:
    """The name in the case: the leading adjectives and the first noun agree; what follows the
    noun (an apposition, a genitive: "Республика Татарстан", "Ростов-на-Дону") stays; a word
    pymorphy3 does not decline stays as written. Parts joined by a dash are inflected alone."""
    if " — " in name:
        parts = [inflect(p, case) for p in name.split(" — ")]
        return None if None in parts else " — ".join(parts)
    words = name.split(" ")
    head = None
    for k, w in enumerate(words):
        alpha = w.strip("()").replace("-", "").isalpha()
        if not alpha:
            continue
        adjectival = w.lower().endswith(ADJ_ENDINGS) and _parse(
            w.rpartition("-")[2], ("ADJF", "PRTF")) is not None
        if not adjectival or k == len(words) - 1:
            head = k
            break
    if head is None:
        return name
    head_word = words[head]
    noun = _parse(head_word, ("NOUN",))
    out = list(words)
    if noun is None:
        # a name that is an adjective ("Отрадный", "Донское") or an undeclined word
        if head_word.lower().endswith(ADJ_ENDINGS) and _parse(head_word, ("ADJF", "PRTF")):
            p = _parse(head_word, ("ADJF", "PRTF"))
            grams = {case, "plur" if "plur" in p.tag else "sing"}
            if "sing" in grams and p.tag.gender:
                grams.add(p.tag.gender)
            if case == "accs" and ("plur" in grams or p.tag.gender == "masc"):
                grams.add("inan")
            form = _adjective(head_word, grams)
            if form is None:
                return None
            out[head] = form
        return " ".join(out)
    number = "plur" if "plur" in noun.tag else "sing"
    form = noun.inflect({case, number})
    if form is None:
        return None
    out[head] = _like(head_word, form.word)
    for k in range(head):
        grams = {case, number}
        if number == "sing" and noun.tag.gender:
            grams.add(noun.tag.gender)
        if case == "accs" and (number == "plur" or noun.tag.gender == "masc"):
            grams.add("anim" if "anim" in noun.tag else "inan")
        word = _adjective(words[k], grams)
        if word is None:
            return None
        out[k] = word
    return " ".join(out)


def names(gaz):
    """(region id, name, cue word) of every name the stage must find (a division whose bare
    name is a town's, "Кандагар", only after its cue word)."""
    cue_only = {(rid, alias) for rid, alias, type_ in gaz.aliases if type_ == "cue_only"}
    for e in gaz.entries:
        if (e.region_id, e.name) not in cue_only:
            yield e.region_id, e.name, ""
    for rid, alias, type_ in gaz.aliases:
        if type_ in ALIAS_TYPES:
            yield rid, alias, ""
        elif type_.startswith("cue:"):
            cue = type_[4:]
            yield rid, alias[len(cue):].strip(), cue


@lru_cache(maxsize=1)
def shared_names(gaz_id) -> dict:
    """Folded name -> the ids named so by any name or alias (names several places share)."""
    gaz = default_models().gazetteer
    out = defaultdict(set)
    for rid, name, _ in names(gaz):
        out[G.norm(name)].add(rid)
    for rid, alias, type_ in gaz.aliases:
        if type_ in ("variant", "ambiguous", "adj"):  # "Московский": a town, Moscow's adjective
            out[G.norm(alias)].add(rid)
    return out


def _offered(items, models):
    """For each (sentence, form, ...) item: the candidates' ids and the linked ids over the form."""
    gaz = models.gazetteer
    out = []
    for at in range(0, len(items), CHUNK):
        part = items[at:at + CHUNK]
        text = "\n".join(sentence for sentence, *_ in part)
        doc = Document(doc_id=str(at), text=text, body_stop=len(text))
        segment.STAGE([doc], models)
        spans, pos = [], 0
        for sentence, form, *_ in part:
            start = text.index(sentence, pos)
            a = start + sentence.index(form)
            spans.append((a, a + len(form)))
            pos = start + len(sentence)
        doc.ner = [Mention(type="LOC", start=a, stop=b, text=text[a:b]) for a, b in spans]
        regions.use_analyzer(models)
        found = []
        per = regions._SpanIndex([])
        loc = regions._SpanIndex(doc.ner)
        for toks in regions._sentence_tokens(doc):
            s0, s1 = toks[0].start, toks[-1].stop
            found.extend((toks, c) for c in regions._sentence(
                toks, gaz, per.overlapping(s0, s1), loc.overlapping(s0, s1), doc.text))
        offered = [(toks[c.start_tok].start, toks[c.stop_tok - 1].stop, list(c.ids), c)
                   for toks, c in found]
        regions._resolve(found, gaz)
        for (a, b), item in zip(spans, part):
            hits = [(ids, c) for s, e, ids, c in offered if s < b and e > a]
            out.append((item, hits))
    return out


def _district_name_ok(c, name: str) -> bool:
    return c.source == "district" and G.norm(c.district_name) == G.norm(name)


def case_form_failures(limit=None):
    models = default_models()
    gaz = models.gazetteer
    shared = shared_names(id(gaz))
    items, not_inflected = [], []
    for rid, name, cue in names(gaz):
        for case in CASES:
            form = inflect(name, case)
            if form is None:
                not_inflected.append((rid, name, case))
                continue
            phrase = f"{cue} {form}" if cue else form
            items.append((FRAMES[case].format(phrase), form, rid, name, case))
        if limit and len(items) >= limit:
            break
    failures = []
    for (sentence, form, rid, name, case), hits in _offered(items, models):
        ids = {r for ids, _ in hits for r in ids}
        linked = {c.entity_id for _, c in hits}
        entry = gaz.get(rid)
        if rid in linked:
            continue
        others = shared[G.norm(name)] - {rid}
        if rid in ids or any(_district_name_ok(c, name) for _, c in hits):
            if not others and entry.kind in ("country", "region", "federal_district") and \
                    entry.name == name:
                failures.append((rid, name, case, form, "offered, not linked", sorted(linked)))
            continue
        if others & (ids | linked):
            continue  # read as another place of that name: the document decides
        failures.append((rid, name, case, form, "not offered", sorted(ids | linked)))
    return items, not_inflected, failures


def test_every_name_in_every_case():
    items, not_inflected, failures = case_form_failures()
    assert len(items) > 20_000  # the whole gazetteer was generated
    assert len(not_inflected) < 0.01 * len(items), not_inflected[:20]
    assert not failures, f"{len(failures)} of {len(items)} forms: {failures[:30]}"


def coordinated_failures():
    """Every "X-ская область" / "X-ский край" / "X-ский район" region or district of the file,
    coordinated with the next one of its noun in every case, the noun in the plural ("с
    Волгоградской и Саратовской областями"): both must be offered."""
    models = default_models()
    gaz = models.gazetteer
    by_noun = defaultdict(list)
    for e in gaz.entries:
        words = e.name.split(" ")
        if e.kind in ("region", "district") and len(words) == 2 and \
                words[1] in ("область", "край", "район") and words[0].endswith(ADJ_ENDINGS):
            by_noun[words[1]].append(e)
    items = []
    for noun_word, entries in by_noun.items():
        noun = _parse(noun_word, ("NOUN",))
        for first, second in zip(entries, entries[1:] + entries[:1]):
            for case in CASES:
                grams = {case, "sing", noun.tag.gender}
                if case == "accs" and noun.tag.gender == "masc":
                    grams.add("inan")
                a = _adjective(first.name.split(" ")[0], grams)
                b = _adjective(second.name.split(" ")[0], grams)
                plural = noun.inflect({case, "plur"})
                if a and b and plural:
                    form = f"{a} и {b} {plural.word}"
                    items.append((FRAMES[case].format(form), form, first, second, case))
    failures = []
    for (sentence, form, first, second, case), hits in _offered(items, models):
        for entry in (first, second):
            if not any(entry.region_id in ids or entry.region_id == c.entity_id
                       or _district_name_ok(c, entry.name) for ids, c in hits):
                failures.append((entry.region_id, case, form, [(ids, c.entity_id)
                                                                for ids, c in hits]))
    return items, failures


def test_coordinated_names_in_every_case():
    items, failures = coordinated_failures()
    assert len(items) > 10_000
    assert not failures, f"{len(failures)} of {len(items)} forms: {failures[:30]}"


def test_inflection_of_names():
    """The generator itself: the forms it makes are the ones news writes."""
    assert inflect("Удмуртская Республика", "ablt") == "Удмуртской Республикой"
    assert inflect("Республика Татарстан", "gent") == "Республики Татарстан"
    assert inflect("Нижний Новгород", "loct") == "Нижнем Новгороде"
    assert inflect("Ростов-на-Дону", "gent") == "Ростова-на-Дону"
    assert inflect("Усть-Кутский район", "ablt") == "Усть-Кутским районом"
    assert inflect("Ханты-Мансийский автономный округ — Югра", "datv") == \
        "Ханты-Мансийскому автономному округу — Югре"
    assert inflect("Нидерланды", "loct") == "Нидерландах"
    assert inflect("Колорадо", "gent") == "Колорадо"
    assert inflect("Отрадный", "ablt") == "Отрадным"


if __name__ == "__main__":  # a report: python tests/test_gazetteer_forms.py
    import collections

    items, not_inflected, failures = case_form_failures()
    print(len(items), "forms;", len(not_inflected), "not inflected:", not_inflected[:30])
    print(collections.Counter(f[4] for f in failures), collections.Counter(f[2] for f in failures))
    for f in failures:
        print(f)
    items, failures = coordinated_failures()
    print(len(items), "coordinated forms;", len(failures), "failures")
    for f in failures[:200]:
        print(f)
