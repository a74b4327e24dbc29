"""The regional corpus: real regional news annotated at document level (../shared/corpora/regional).

Each text's gold is a set of people, officials (person, role, place served), places, dates, the
publication date and events (see that folder's README.md). Every system's output is reduced to
the same document-level sets (`DocSets`) and scored as the README says: micro-averaged P / R / F1
of per-document sets, strings compared lower-cased with ё → е and spaces squeezed.

Places are compared through the gazetteer, not as strings: a gold place (`Татарстан`) and a
predicted one (`RU-TA`, or pullenti's `Республика Татарстан`) are the same when the gazetteer
gives them a common id (by name or alias, in any case form), else when their folded names are
equal. Officials are (person, first word of role, place served) — a missing place is a value —
and, looser, (person, first word of role).
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .scoring import ErrorCase, Score, fold

MEASURES = (
    ("officials", "person + role + place"),
    ("officials", "person + role"),
    ("people", "names"),
    ("places", "gazetteer"),
    ("dates", "values"),
    ("published", "dated documents"),
    ("published", "all documents"),
    ("events", "type + participant"),
    ("events", "type + participant + date"),
)
# the events row by type (type + participant): the six types of the corpus README
EVENT_TYPES = ("meeting", "visit", "agreement", "appointment", "dismissal", "forum")
MEASURES += tuple((f"events: {t}", "type + participant") for t in EVENT_TYPES)

# what a system must provide for a measure to be scored (else "n/a")
NEEDS = {"officials": "OFFICIAL", "people": "PER", "places": "LOC", "dates": "DATE",
         "published": "PUBLISHED", "events": "EVENT",
         **{f"events: {t}": "EVENT" for t in EVENT_TYPES}}

NOTES = [
    "Document-level sets, micro-averaged over the documents (the corpus README's rules): "
    "**people** = the canonical names of the persons a system's PER mentions and officials point "
    "to; **officials** = (person, first word of role, place served; none is a value), and looser "
    "(person, first word of role); **places** = every place the system links in the document "
    "(mentions and officials' places); **dates** = absolute date values (`value` or "
    "`value/end_value`; relative expressions left out, as in the gold).",
    "Places are matched through our gazetteer: a gold name and a predicted place are the same "
    "when the gazetteer finds them one id (name or alias, any case form; `Татарстан` = "
    "`Республика Татарстан` = RU-TA), else when their folded names are equal. pullenti's place "
    "names are looked up the same way (a body's name, `Правительство Курганской области`, by "
    "the first place named inside it). As the corpus README rules, seas, rivers, mountains, "
    "continents and macro-regions are not regions: a place whose every gazetteer entry is of "
    "kind `other` (`Урал`, `Кавказ`, `Каспийское море`) is left out of either system's set.",
    "**published**: right when equal to the gold (both empty is right), over the documents the "
    "gold dates and over all. **events**: a prediction matches a gold event of the same type "
    "sharing a participant, or a place when the gold names nobody; one to one, greedily in gold "
    "order; the stricter row also needs the same date (a gold null accepts any).",
]


@dataclass
class RegionalDoc:
    doc_id: str
    text: str
    gold: dict


@dataclass
class DocSets:
    """One system's output for one document, reduced to what the gold annotates."""

    people: set = field(default_factory=set)  # canonical names
    officials: set = field(default_factory=set)  # (person, role, place) place: id/name or ""
    regions: set = field(default_factory=set)  # gazetteer ids or names
    dates: set = field(default_factory=set)
    published: str = ""
    events: list = field(default_factory=list)  # dicts: type, participants, regions, date
    capabilities: frozenset = frozenset()
    error: str = ""


def read_regional(path, limit: Optional[int] = None) -> list:
    """The corpus's documents in name order (rd01, rd02, ...)."""
    from .corpora import CorpusNotFound

    path = Path(path)
    gold_path = path / "gold.json"
    if not gold_path.is_file():
        raise CorpusNotFound(f"regional corpus not found at {path} (no gold.json)")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = []
    for doc_id in sorted(k for k in gold if not k.startswith("_")):
        text_path = path / "texts" / f"{doc_id}.txt"
        if not text_path.is_file():
            continue
        with open(text_path, encoding="utf-8-sig", newline="") as f:
            docs.append(RegionalDoc(doc_id, f.read(), gold[doc_id]))
        if limit and len(docs) >= limit:
            break
    if not docs:
        raise CorpusNotFound(f"no regional texts found under {path}/texts")
    return docs


# ---------------------------------------------------------------------------------------------
# systems -> DocSets

def role_head(role: str) -> str:
    """The first word of a role, the README's way: `врио губернатора` -> `врио`."""
    words = fold(role).replace("и. о.", "и.о.").split()
    return words[0] if words else ""


def ours_sets(doc, gazetteer=None) -> DocSets:
    """Our pipeline's Document reduced to document-level sets."""
    caps = set(NEEDS.values())
    if not hasattr(doc, "events"):  # a pipeline without the events stage: events n/a
        caps.discard("EVENT")
    out = DocSets(capabilities=frozenset(caps))
    if getattr(doc, "status", "ok") not in ("ok", "", None) and not doc.people:
        out.error = getattr(doc, "error", "") or "failed"
        return out
    out.people = {p.name for p in doc.people}
    for o in doc.officials:
        if not o.person:
            continue
        out.people.add(o.person)
        out.officials.add((o.person, o.role or o.position, o.region_id or ""))
    out.regions = {m.entity_id for m in doc.places if m.entity_id}
    out.regions |= {o.region_id for o in doc.officials if o.region_id}
    for m in doc.dates:
        if m.value and getattr(m, "relative", "") in ("", "no_year"):
            out.dates.add(m.value + (f"/{m.end_value}" if m.end_value else ""))
    out.published = (doc.published or "")[:10]
    for e in getattr(doc, "events", None) or ():
        out.events.append(_event_dict(e))
    return out


def _event_dict(e) -> dict:
    """An event record of ours as the scorer reads it (duck-typed on the events stage's record)."""
    get = e.get if isinstance(e, dict) else (lambda k, d=None: getattr(e, k, d))
    participants = []
    for p in get("participants", None) or ():
        name = p if isinstance(p, str) else (getattr(p, "person", "") or getattr(p, "name", ""))
        if name:
            participants.append(name)
    regions = []
    for r in get("regions", None) or ():
        regions.append(r if isinstance(r, str) else getattr(r, "region_id", ""))
    for p in get("participants", None) or ():
        rid = "" if isinstance(p, str) else getattr(p, "region_id", "")
        if rid:
            regions.append(rid)
    if get("place_id", ""):
        regions.append(get("place_id"))
    return {"type": get("type", ""), "participants": participants,
            "regions": [r for r in regions if r], "date": get("date", "") or "",
            "status": get("status", "happened") or "happened"}


def prediction_sets(pred, gazetteer=None) -> DocSets:
    """Another system's span-level `Prediction` (natasha, pullenti) reduced to the same sets."""
    caps = set()
    for c in pred.capabilities:
        caps.add({"OFFICIAL": "OFFICIAL", "PER": "PER", "LOC": "LOC", "DATE": "DATE"}.get(c, c))
    out = DocSets(capabilities=frozenset(caps), error=getattr(pred, "error", ""))
    for s in pred.spans:
        if s.type == "PER" and getattr(s, "tag", "") != "other_name":
            name = s.normal or s.text
            if len(name.split()) >= 2:  # a full name: lone surnames are the same person's
                out.people.add(name)
        elif s.type == "LOC":
            out.regions.add(s.entity_id or s.normal or s.text)
    for o in pred.officials:
        if o.person:
            out.people.add(o.person)
            out.officials.add((o.person, o.position, o.where))
    return out


def pullenti_dates(entities) -> set:
    """ISO values of pullenti's absolute dates and ranges (years of its DateReferent slots)."""
    from pullenti.ner.date.DateRangeReferent import DateRangeReferent
    from pullenti.ner.date.DateReferent import DateReferent

    def iso(d) -> str:
        y = getattr(d, "year", 0) or 0
        if not y:
            return ""
        m, day = getattr(d, "month", 0) or 0, getattr(d, "day", 0) or 0
        return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{day:02d}" if m and day else "")

    out, inside = set(), set()
    for e in entities:
        if isinstance(e, DateRangeReferent):
            a, b = iso(e.date_from) if e.date_from else "", iso(e.date_to) if e.date_to else ""
            if a and b:
                out.add(f"{a}/{b}")
                inside |= {id(e.date_from), id(e.date_to)}
    for e in entities:
        if isinstance(e, DateReferent) and id(e) not in inside and e.higher is None:
            v = iso(e)
            if v:
                out.add(v)
    return out


# ---------------------------------------------------------------------------------------------
# matching

class Places:
    """Place keys through the gazetteer: a name or id -> the set of ids it can stand for."""

    def __init__(self, gazetteer=None):
        self.gazetteer = gazetteer
        self._cache = {}

    def ids(self, value: str) -> frozenset:
        if not value:
            return frozenset()
        if value in self._cache:
            return self._cache[value]
        g = self.gazetteer
        found = set()
        if g is not None:
            if value in g:
                found.add(value)
            else:
                found.update(g.find(value))
                if not found:  # a body's name: the first place named inside it
                    words = value.split()
                    for n in (3, 2, 1):
                        for i in range(len(words) - n + 1):
                            found.update(g.find(" ".join(words[i:i + n])))
                            if found:
                                break
                        if found:
                            break
        self._cache[value] = frozenset(found)
        return self._cache[value]

    def not_a_region(self, value: str) -> bool:
        """A place the corpus does not count as a region: every gazetteer entry it stands for is
        of kind `other` (seas, rivers, mountains, continents, macro-regions: Урал, Кавказ)."""
        g = self.gazetteer
        ids = self.ids(value)
        return bool(ids) and g is not None and all(
            getattr(g.get(r), "kind", "") == "other" for r in ids)

    def name(self, value: str) -> str:
        g = self.gazetteer
        entry = g.get(value) if g is not None and value else None
        return entry.name if entry is not None else value

    def same(self, gold: str, pred: str) -> bool:
        if not gold or not pred:
            return not gold and not pred
        if fold(gold) == fold(pred) or fold(gold) == fold(self.name(pred)):
            return True
        return bool(self.ids(gold) & self.ids(pred))


def _same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def match_sets(gold: Iterable, pred: Iterable, same) -> tuple:
    """Greedy one-to-one matching of two sets: (pairs, unmatched gold, unmatched pred)."""
    gold, pred = list(gold), list(pred)
    free = list(range(len(pred)))
    pairs, missed = [], []
    for g in gold:
        j = next((j for j in free if same(g, pred[j])), None)
        if j is None:
            missed.append(g)
        else:
            free.remove(j)
            pairs.append((g, pred[j]))
    return pairs, missed, [pred[j] for j in free]


def _official_same(places: Places, with_place: bool):
    def same(g, p) -> bool:
        if not _same_name(g[0], p[0]) or role_head(g[1]) != role_head(p[1]):
            return False
        return places.same(g[2] or "", p[2] or "") if with_place else True
    return same


def match_events(gold: list, pred: list, places: Places, with_date: bool) -> tuple:
    """The README's event matching: same type and a shared participant (or, when the gold names
    nobody, a shared place); one to one, greedily in gold order; `with_date`: same date too (a
    gold null accepts any)."""
    def same(g, p) -> bool:
        if g["type"] != p["type"]:
            return False
        if g.get("participants"):
            ok = any(_same_name(a, b) for a in g["participants"] for b in p["participants"])
        else:
            ok = any(places.same(a, b) for a in g.get("regions") or () for b in p["regions"])
        if ok and with_date and g.get("date"):
            ok = (p.get("date") or "") == g["date"]
        return ok
    pred = [p for p in pred if p.get("status", "happened") == "happened"]
    return match_sets(gold, pred, same)


# ---------------------------------------------------------------------------------------------
# scoring

@dataclass
class SystemScores:
    scores: dict = field(default_factory=dict)  # (measure, variant) -> Score | None
    errors: dict = field(default_factory=dict)  # (measure, variant) -> [ErrorCase]


def score_system(docs: list, sets: list, places: Places) -> SystemScores:
    out = SystemScores()
    caps = sets[0].capabilities if sets else frozenset()

    def add(key, doc_id, pairs, missed, spurious, show=str):
        s = out.scores.get(key) or Score()
        out.scores[key] = s + Score(len(pairs), len(pairs) + len(spurious), len(pairs),
                                    len(pairs) + len(missed))
        errs = out.errors.setdefault(key, [])
        errs += [ErrorCase("missed", "fn", doc_id, show(g), "") for g in missed]
        errs += [ErrorCase("spurious", "fp", doc_id, "", show(p)) for p in spurious]

    def official_text(o):
        return f"{o[0]} — {o[1]}" + (f" — {places.name(o[2])}" if len(o) > 2 and o[2] else "")

    for d, s in zip(docs, sets):
        g = d.gold
        gold_off = [(p, r, pl or "") for p, r, pl in g.get("officials") or ()]
        if "OFFICIAL" in caps:
            add(MEASURES[0], d.doc_id, *match_sets(gold_off, s.officials,
                                                   _official_same(places, True)), official_text)
            loose_gold = list({(fold(p), role_head(r)): (p, r) for p, r, _ in gold_off}.values())
            loose_pred = list({(fold(p), role_head(r)): (p, r) for p, r, _ in s.officials}.values())
            add(MEASURES[1], d.doc_id, *match_sets(loose_gold, loose_pred,
                                                   _official_same(places, False)), official_text)
        if "PER" in caps:
            add(MEASURES[2], d.doc_id, *match_sets(g.get("people") or (), _dedupe(s.people),
                                                   _same_name))
        if "LOC" in caps:
            regions = [r for r in s.regions if not places.not_a_region(r)]
            add(MEASURES[3], d.doc_id, *match_sets(g.get("regions") or (), regions,
                                                   places.same), places.name)
        if "DATE" in caps:
            add(MEASURES[4], d.doc_id, *match_sets(g.get("dates") or (), s.dates, str.__eq__))
        if "PUBLISHED" in caps:
            gp, pp = g.get("published") or "", s.published or ""
            right = gp == pp
            for key, counted in ((MEASURES[5], bool(gp)), (MEASURES[6], True)):
                if not counted:
                    continue
                sc = out.scores.get(key) or Score()
                out.scores[key] = sc + Score(int(right), 1, int(right), 1)
                if not right:
                    out.errors.setdefault(key, []).append(
                        ErrorCase("wrong date" if gp and pp else ("missed" if gp else "spurious"),
                                  "fn" if gp else "fp", d.doc_id, gp, pp))
        if "EVENT" in caps:
            gold_ev = g.get("events") or []
            for key, with_date in ((MEASURES[7], False), (MEASURES[8], True)):
                pairs, missed, spurious = match_events(gold_ev, s.events, places, with_date)
                add(key, d.doc_id, pairs, missed, spurious, _event_text)
            for t in EVENT_TYPES:
                gold_t = [e for e in gold_ev if e.get("type") == t]
                pred_t = [e for e in s.events if e.get("type") == t]
                if not gold_t and not pred_t:
                    continue  # a type neither names: nothing to score here
                pairs, missed, spurious = match_events(gold_t, pred_t, places, False)
                add((f"events: {t}", "type + participant"), d.doc_id, pairs, missed, spurious,
                    _event_text)
    for key in MEASURES:
        if not key[0].startswith("events: "):  # a type the corpus never names stays out
            out.scores.setdefault(key, None)
    return out


def _dedupe(names) -> list:
    return list({fold(n): n for n in names}.values())


def _event_text(e) -> str:
    who = ", ".join(e.get("participants") or ()) or ", ".join(e.get("regions") or ())
    return f"{e.get('type')}: {who}" + (f" ({e['date']})" if e.get("date") else "")


# ---------------------------------------------------------------------------------------------
# the run

def evaluate_regional(path, systems=("ours",), limit: Optional[int] = None, errors_path=None):
    """Score `systems` on the regional corpus at `path`; a `run.Report` like the other corpora's."""
    from .run import Report, Row, write_errors
    from .systems import SystemUnavailable, make_system

    docs = read_regional(path, limit)
    built, unavailable, loads = [], {}, {}
    for s in systems:
        t0 = time.perf_counter()
        try:
            built.append(make_system(s))
        except SystemUnavailable as e:
            unavailable[s if isinstance(s, str) else s.name] = str(e)
            continue
        sys_ = built[-1]
        loads[sys_.name] = getattr(sys_, "init_seconds", None) or (time.perf_counter() - t0)
    if not built:
        raise SystemUnavailable("; ".join(unavailable.values()) or "no system to evaluate")
    from .corpora import corpus_label

    report = Report("regional", corpus_label("regional", path), len(docs), [s.name for s in built],
                    notes=list(NOTES), texts={d.doc_id: d.text for d in docs},
                    unavailable=unavailable, load_timings=loads)
    places = Places(_gazetteer())
    for system in built:
        t0 = time.perf_counter()
        sets = system_sets(system, [d.text for d in docs])
        report.timings[system.name] = time.perf_counter() - t0
        report.failures[system.name] = [d.doc_id for d, s in zip(docs, sets) if s.error]
        scores = score_system(docs, sets, places)
        for (measure, variant) in MEASURES:
            report.rows.append(Row(measure, variant, system.name,
                                   scores.scores.get((measure, variant))))
            if (measure, variant) in scores.errors:
                report.errors[(system.name, measure, variant)] = scores.errors[(measure, variant)]
    if errors_path:
        write_errors(report, errors_path)
    return report


def _gazetteer():
    from ..models import default_models

    try:
        return default_models().gazetteer
    except Exception:  # no gazetteer data: places compared as names
        return None


def system_sets(system, texts: list) -> list:
    """DocSets of every text for one system (ours through its Documents, others through their
    Predictions; pullenti's dates from its referents)."""
    if system.name == "ours":
        pipeline = system.pipeline
        docs = pipeline.process_many(texts) if hasattr(pipeline, "process_many") else [
            pipeline.process(t) for t in texts]
        gazetteer = _gazetteer()
        return [ours_sets(d, gazetteer) for d in docs]
    if system.name == "pullenti":
        from .systems import Prediction, pullenti_to_prediction

        out = []
        for text in texts:
            try:
                entities, _ = system.entities(text)
                pred = pullenti_to_prediction(text, entities, system.capabilities)
                s = prediction_sets(pred)
                s.dates = pullenti_dates(entities)
            except Exception as e:  # one text never stops the run
                s = prediction_sets(Prediction([], [], system.capabilities,
                                               error=f"pullenti: {type(e).__name__}: {e}"[:300]))
            out.append(s)
        return out
    preds = system.predict(texts)
    sets = [prediction_sets(p) for p in preds]
    for s in sets:  # natasha's DatesExtractor gives no ISO values here: dates n/a
        s.capabilities = s.capabilities - {"DATE"}
    return sets
