"""Evaluation runs: read a gold corpus, run every system on the same texts, score, render.

    report = evaluate("nerel", path, systems=("ours", "natasha"), errors_path="errors.md")
    print(report.to_markdown())
"""
from __future__ import annotations

import inspect
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import corpora
from .scoring import (EXACT, MODES, OVERLAP, ErrorCase, Link, NormScore, Pair, Score, Sp,
                      match_facts, match_forms, match_links, match_pairs, match_spans,
                      nested_count, norm_scores, span_errors, spans_match, squash, summarize_errors)
from .systems import SystemUnavailable, make_system


@dataclass(frozen=True)
class SpanMeasure:
    name: str
    gold_types: tuple
    pred_types: tuple
    optional_types: tuple = ()
    capability: str = ""
    exclude_tags: tuple = ()  # predictions with these PredSpan tags are left out


NEREL_PLACES = ("COUNTRY", "STATE_OR_PROVINCE", "CITY", "DISTRICT")

SPAN_MEASURES = {
    "nerel": (
        SpanMeasure("persons", ("PERSON",), ("PER",), (), "PER"),
        SpanMeasure("places", NEREL_PLACES, ("LOC",), ("LOCATION",), "LOC"),
        SpanMeasure("places, names only", NEREL_PLACES, ("LOC",), ("LOCATION",), "LOC",
                    ("adj",)),
        SpanMeasure("organisations", ("ORGANIZATION",), ("ORG",), (), "ORG"),
        SpanMeasure("dates", ("DATE",), ("DATE",), ("TIME",), "DATE"),
        SpanMeasure("positions", ("PROFESSION",), ("POSITION",), (), "POSITION"),
    ),
    "factrueval": (SpanMeasure("persons", ("PER",), ("PER",), (), "PER"),),
    "collection5": (
        SpanMeasure("persons", ("PER",), ("PER",), (), "PER"),
        SpanMeasure("places", ("LOC", "GEOPOLIT"), ("LOC",), (), "LOC"),
        SpanMeasure("places, names only", ("LOC", "GEOPOLIT"), ("LOC",), (), "LOC", ("adj",)),
        SpanMeasure("organisations", ("ORG",), ("ORG",), ("MEDIA",), "ORG"),
    ),
    "bsnlp": (),
}

NORM_CATEGORIES = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}  # BSNLP category -> our type

NOTES = {
    "nerel": [
        "**places** = COUNTRY + STATE_OR_PROVINCE + CITY + DISTRICT; NEREL LOCATION spans "
        "(rivers, parts of the world) are optional: neither missed nor spurious. *places, names "
        "only* leaves out the place mentions ours makes of adjectives (`астраханские власти`); "
        "NEREL itself tags many such adjectives as places (`американские` COUNTRY) and others "
        "as NATIONALITY, so here the full *places* row is the fair one.",
        "**dates**: TIME spans are optional. **officials**: WORKS_AS(PERSON, PROFESSION) "
        "relations; a predicted official is right when its person span overlaps the gold "
        "PERSON argument and its position span overlaps the gold PROFESSION argument. "
        "Founders and owners (`основатель группы`) are left out of the predictions of every "
        "system: NEREL relates them by FOUNDED_BY / OWNER_OF, not WORKS_AS.",
        "**region linking**: STATE_OR_PROVINCE mentions with a Wikidata id; right when a "
        "predicted place overlapping the mention carries the same id (via the gazetteer). "
        "Only predictions on such mentions are judged. **place linking**: the same over every "
        "place type with an id.",
        "NEREL's span conventions, which differ from natasha's and in places from ours: DATE "
        "spans include the preposition and count relative expressions and durations (`в "
        "январе`, `в начале 2017 года`, `два года`; natasha's DatesExtractor gives `январе`, "
        "`2017 года` and no durations); PERSON spans leave titles out (`Император Акихито` → "
        "`Акихито`) but not always (`миссис Обама`); PROFESSION spans nest and carry their "
        "organisation or country (`пресс-секретарю экс-президента США` holds `президента США`), "
        "so an exact match finds one of a nest; places inside organisation names are annotated "
        "in part (`США` in `Национальной футбольной лиги США`, not `России` in `Единой "
        "России`). The boundary differences actually found, with counts, are under *Errors*.",
    ],
    "factrueval": [
        "**persons**: `Person` objects (extent from their first to their last span); persons "
        "embedded in another object (`памятник Юрию Долгорукому`) are optional, as the task's "
        "scorer ignores embedded objects.",
        "**occupation**: the task-3 scorer's semantics (dialent/task3/eval.py, easy mode): "
        "strings compared after normalisation (case, quotes, ё) with Levenshtein distance <= "
        "2; a person matches any of its name combinations or mentions; a position matches its "
        "span or its `jobs_processed.txt` normal form; `Where` matches the entity's names and "
        "mentions; fact quality = (arg_q + id_q·arg_q)/2 with the position argument weighing "
        "0.5; facts marked `Сложность повышенная` are ignored, the phase argument dropped. "
        "*who+position* scores the facts reduced to those two arguments. Ours gives the "
        "official's role as position and, as where, the body served (organisation) or else "
        "the place as the post names it. factRuEval's occupation facts are employment (210 of "
        "the 211 gold facts name where the person works), so our rows for an occupation with "
        "no body or place named (`писатель Дмитрий Быков`, `правозащитник Лев Пономарев`) are "
        "not submitted, nor founders and owners (category `owner`); official posts "
        "(positions.csv: governor, president, minister ...) always are. pullenti's facts are "
        "read by the same rule, its post looked up in our positions.csv.",
    ],
    "bsnlp": [
        "For each distinct (document, mention form) of the gold files: *coverage* = the form "
        "was found as a PER/LOC/ORG mention by the system (any type; identical surface); "
        "*exact* / *ci* = its `normal` equals the gold base form (exactly / ignoring case and "
        "ё), over the forms found; *overall* = exact over every gold form. Texts are title + "
        "body (the 4 header lines dropped).",
    ],
    "collection5": [
        "**places** = LOC + GEOPOLIT; MEDIA spans are optional for organisations. *places, "
        "names only* leaves out the place mentions ours makes of adjectives (`российской`), "
        "which Collection5 does not annotate (the fair row for this corpus). Collection5 does "
        "not annotate places inside organisation names either (`Совета Европы`), NEREL "
        "does in part (`США` in `Национальной футбольной лиги США`, but not `России` in "
        "`Единой России`). Offsets are "
        "counted with CRLF line ends in the files; they are mapped onto the LF text.",
    ],
}


PULLENTI_NOTE = (
    "**pullenti** (PyPI `pullenti` 4.1, rule-based, frozen since 2020, non-commercial licence) "
    "used plainly: `Sdk.initialize_all()`, `ProcessorService.create_processor()`, "
    "`process(SourceOfAnalysis(text))`; PER = PersonReferent occurrences cut to the words "
    "matching its name slots (pullenti's own occurrence takes in the person's posts; a person "
    "made of a post alone gives none), LOC = GeoReferent, ORG = "
    "OrganizationReferent, DATE = outermost DateReferent / DateRangeReferent occurrences, "
    "positions = PersonPropertyReferent occurrences (kin and nationality kinds left out), "
    "officials = a person's ATTRIBUTE properties, each occurrence paired with the nearest "
    "occurrence of the person; no Wikidata ids (linking n/a). A text on which one of its "
    "analyzers raises (bugs of the 4.1 port: DATE on some relative dates, ADDRESS) is processed "
    "again without that analyzer. Its run time excludes the SDK's initialisation, as natasha's "
    "excludes loading its models.")


@dataclass
class Row:
    measure: str
    variant: str
    system: str
    score: object  # Score | NormScore | None (system lacks the capability)
    kind: str = "prf"  # prf | norm


@dataclass
class Report:
    corpus: str
    path: str
    n_docs: int
    systems: list
    rows: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)  # (system, measure, variant) -> [ErrorCase]
    timings: dict = field(default_factory=dict)  # system -> seconds
    notes: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)  # doc_id -> text (for error contexts)
    failures: dict = field(default_factory=dict)  # system -> [doc_id] that raised
    warnings: dict = field(default_factory=dict)  # system -> {doc_id: processed in part, why}
    unavailable: dict = field(default_factory=dict)  # system asked for -> why it did not run
    load_timings: dict = field(default_factory=dict)  # system -> seconds to initialise

    def score(self, measure: str, variant: str, system: str):
        for r in self.rows:
            if (r.measure, r.variant, r.system) == (measure, variant, system):
                return r.score
        return None

    def to_markdown(self, title_level: int = 2, with_errors: bool = True) -> str:
        return render_report(self, title_level, with_errors)


# ---------------------------------------------------------------------------------------------


def evaluate(corpus: str, path=None, systems=("ours", "natasha"), limit: Optional[int] = None,
             errors_path=None) -> Report:
    """Run `systems` over the gold `corpus` read from `path` and score them side by side.

    `systems`: names ("ours", "natasha", "pullenti") or system objects. An optional system
    whose package is not installed (pullenti) is left out and named in the report
    (`Report.unavailable`); SystemUnavailable is raised only when no system is left.
    Raises corpora.CorpusNotFound when the path is absent, ValueError on an unknown corpus.
    """
    path = Path(path) if path is not None else corpora.default_path(corpus)
    if corpus == "regional":  # document-level gold, scored as its README says
        from .regional import evaluate_regional

        return evaluate_regional(path, systems, limit, errors_path)
    docs = corpora.read_corpus(corpus, path, limit)
    built, unavailable, loads = [], {}, {}
    for s in systems:
        t0 = time.perf_counter()
        try:
            system = make_system(s)
        except SystemUnavailable as e:
            unavailable[s if isinstance(s, str) else s.name] = str(e)
            continue
        built.append(system)
        if getattr(system, "init_seconds", None):  # a once-per-process initialisation
            loads[system.name] = system.init_seconds
        elif isinstance(s, str):
            loads[system.name] = time.perf_counter() - t0
    if not built:
        raise SystemUnavailable("; ".join(unavailable.values()) or "no system to evaluate")
    systems = built
    report = Report(corpus, corpora.corpus_label(corpus, path), len(docs),
                    [s.name for s in systems], notes=list(NOTES.get(corpus, [])),
                    texts={d.doc_id: d.text for d in docs}, unavailable=unavailable,
                    load_timings=loads)
    if "pullenti" in report.systems:
        report.notes.append(PULLENTI_NOTE)
    for system in systems:
        t0 = time.perf_counter()
        preds = _predict(system, [d.text for d in docs], NEEDS.get(corpus))
        report.timings[system.name] = time.perf_counter() - t0
        report.failures[system.name] = [d.doc_id for d, p in zip(docs, preds)
                                        if getattr(p, "error", "")]
        report.warnings[system.name] = {d.doc_id: p.warning for d, p in zip(docs, preds)
                                        if getattr(p, "warning", "")}
        _score_system(report, corpus, docs, preds, system)
    if errors_path:
        write_errors(report, errors_path)
    return report


# what each corpus's measures read, so a system may skip the rest
NEEDS = {
    "nerel": frozenset({"PER", "LOC", "ORG", "DATE", "POSITION", "OFFICIAL", "LINK"}),
    "factrueval": frozenset({"PER", "OFFICIAL"}),
    "bsnlp": frozenset({"PER", "LOC", "ORG", "NORMAL"}),
    "collection5": frozenset({"PER", "LOC", "ORG"}),
}


def _predict(system, texts: list, needs) -> list:
    try:
        params = inspect.signature(system.predict).parameters
    except (TypeError, ValueError):
        params = {}
    if "needs" in params:
        preds = system.predict(texts, needs=needs)
    else:
        preds = system.predict(texts)
    preds = list(preds)
    if len(preds) != len(texts):
        raise RuntimeError(f"system {system.name} returned {len(preds)} predictions "
                           f"for {len(texts)} texts")
    return preds


def _unique_spans(spans) -> list:
    return list({(s.doc, s.start, s.stop): s for s in spans}.values())


def _caps(system, preds) -> frozenset:
    caps = getattr(system, "capabilities", None)
    if caps is None and preds:
        caps = preds[0].capabilities
    return frozenset(caps or ())


def _score_system(report: Report, corpus: str, docs: list, preds: list, system) -> None:
    name = system.name
    caps = _caps(system, preds)
    texts = report.texts
    gold_all = [Sp(d.doc_id, s.start, s.stop, s.type, s.text) for d in docs for s in d.spans]
    pred_all = [Sp(d.doc_id, s.start, s.stop, s.type, s.text)
                for d, p in zip(docs, preds) for s in p.spans]

    nested = []
    for m in SPAN_MEASURES.get(corpus, ()):
        if report.systems.index(name) == 0 and not m.exclude_tags:
            gold = _unique_spans(g for g in gold_all if g.type in m.gold_types)
            n = nested_count(gold)
            if n:
                nested.append(f"{m.name} {n} of {len(gold)}")
        if m.capability and m.capability not in caps:
            for mode in MODES:
                report.rows.append(Row(m.name, mode, name, None))
            continue
        gold = [g for g in gold_all if g.type in m.gold_types]
        optional = [g for g in gold_all if g.type in m.optional_types]
        optional += [Sp(d.doc_id, s.start, s.stop, s.type, s.text)
                     for d in docs for s in d.optional if s.type in m.gold_types]
        pred = [Sp(d.doc_id, s.start, s.stop, s.type, s.text) for d, p in zip(docs, preds)
                for s in p.spans if s.type in m.pred_types
                and getattr(s, "tag", "") not in m.exclude_tags]
        context = pred_all
        if m.exclude_tags:  # name the predictions the measure leaves out
            context = [Sp(d.doc_id, s.start, s.stop,
                          f"{s.type} ({s.tag}, left out)" if s.tag in m.exclude_tags else s.type,
                          s.text)
                       for d, p in zip(docs, preds) for s in p.spans]
        for mode in MODES:
            match = match_spans(gold, pred, mode, optional)
            report.rows.append(Row(m.name, mode, name, match.score))
            if mode == EXACT:
                report.errors[(name, m.name, mode)] = span_errors(
                    match, gold_all, context, texts, mode)
    if nested:
        report.notes.append(
            "Nested gold (spans inside another gold span of the same measure): "
            + ", ".join(nested) + ". A flat output cannot reach exact recall 1.0 there.")

    if corpus == "nerel":
        _score_officials(report, docs, preds, name, caps)
        _score_links(report, docs, preds, name, caps)
    elif corpus == "factrueval":
        _score_facts(report, docs, preds, name, caps)
    elif corpus == "bsnlp":
        _score_normalisation(report, docs, preds, name, caps)


# ---------------------------------------------------------------------------------------------
# NEREL officials and linking


def gold_works_as(doc) -> list:
    by_id = {s.id: s for s in doc.spans}
    pairs = []
    for r in doc.relations:
        if r.type != "WORKS_AS":
            continue
        a, b = by_id.get(r.arg1), by_id.get(r.arg2)
        if a is None or b is None or a.type != "PERSON" or b.type != "PROFESSION":
            continue
        pairs.append(Pair(doc.doc_id, a.start, a.stop, b.start, b.stop, a.text, b.text))
    return pairs


def _score_officials(report, docs, preds, name, caps) -> None:
    if "OFFICIAL" not in caps:
        for mode in MODES:
            report.rows.append(Row("officials", mode, name, None))
        return
    gold = [p for d in docs for p in gold_works_as(d)]
    # founders and owners are NEREL's FOUNDED_BY / OWNER_OF, not WORKS_AS (both systems)
    pred = [Pair(d.doc_id, o.person_start, o.person_stop, o.start, o.stop,
                 o.person_text or d.text[o.person_start:o.person_stop],
                 o.position_text or d.text[o.start:o.stop])
            for d, p in zip(docs, preds) for o in p.officials if not o.founder]
    for mode in (EXACT, OVERLAP):
        match = match_pairs(gold, pred, mode)
        report.rows.append(Row("officials", mode, name, match.score))
        if mode == OVERLAP:
            report.errors[(name, "officials", mode)] = official_errors(match, docs, preds)


def official_errors(match, docs, preds) -> list:
    spans_by_doc = {d.doc_id: d.spans for d in docs}
    pred_by_doc = {d.doc_id: p for d, p in zip(docs, preds)}
    gold_pairs = defaultdict(list)
    for g, _ in match.gold_found:
        gold_pairs[g.doc].append(g)
    out = []

    def ov(a, b):
        return spans_match(a, b, OVERLAP)

    for g, ok in match.gold_found:
        if ok:
            continue
        p = pred_by_doc[g.doc]
        offs = [Pair(g.doc, o.person_start, o.person_stop, o.start, o.stop, o.person_text,
                     o.position_text) for o in p.officials]
        per = [s for s in p.spans if s.type == "PER" and ov(g.a, _sp(g.doc, s))]
        pos = [s for s in p.spans if s.type == "POSITION" and ov(g.b, _sp(g.doc, s))]
        same_person = [o for o in offs if ov(g.a, o.a)]
        same_pos = [o for o in offs if ov(g.b, o.b)]
        if same_person:
            kind, pred = "person found, paired with another position", same_person[0]
        elif same_pos:
            kind, pred = "position found, paired with another person", same_pos[0]
        elif per and pos:
            kind, pred = "both spans found, not paired", None
        elif pos:
            kind, pred = "position found, person not found", None
        elif per:
            kind, pred = "person found, position not found", None
        else:
            kind, pred = "neither span found", None
        pred_text = f"{pred.a_text} / {pred.b_text}" if pred else ""
        out.append(ErrorCase(kind, "fn", g.doc, f"{g.a_text} / {g.b_text}", pred_text,
                             min(g.a_start, g.b_start), max(g.a_stop, g.b_stop), g.b_text))
    for p, ok in match.pred_correct:
        if ok:
            continue
        gp = gold_pairs.get(p.doc, [])
        professions = [s for s in spans_by_doc[p.doc] if s.type == "PROFESSION"
                       and ov(_sp(p.doc, s), p.b)]
        persons = [s for s in spans_by_doc[p.doc] if s.type == "PERSON" and ov(_sp(p.doc, s), p.a)]
        if any(ov(g.a, p.a) for g in gp) and any(ov(g.b, p.b) for g in gp):
            kind = "wrong pairing of gold arguments"
        elif professions and not persons:
            kind = "position is a gold PROFESSION; person is not a gold PERSON"
        elif professions:
            kind = "position is a gold PROFESSION, no WORKS_AS with this person"
        elif persons:
            kind = "position is not a gold PROFESSION"
        else:
            kind = "neither span is gold"
        out.append(ErrorCase(kind, "fp", p.doc, "", f"{p.a_text} / {p.b_text}",
                             min(p.a_start, p.b_start), max(p.a_stop, p.b_stop), p.b_text))
    return out


def _sp(doc_id, s) -> Sp:
    return Sp(doc_id, s.start, s.stop, s.type, s.text)


def _score_links(report, docs, preds, name, caps) -> None:
    measures = (("region linking", ("STATE_OR_PROVINCE",)), ("place linking", NEREL_PLACES))
    for mname, types in measures:
        if "LINK" not in caps:
            report.rows.append(Row(mname, OVERLAP, name, None))
            continue
        gold = [Link(d.doc_id, s.start, s.stop, d.links[s.id], s.text)
                for d in docs for s in d.spans if s.type in types and s.id in d.links]
        pred = [Link(d.doc_id, s.start, s.stop, s.kb_id, s.text)
                for d, p in zip(docs, preds) for s in p.spans if s.type == "LOC"]
        match = match_links(gold, pred, OVERLAP)
        report.rows.append(Row(mname, OVERLAP, name, match.score))
        entity_ids = {(d.doc_id, s.start, s.stop): getattr(s, "entity_id", "")
                      for d, p in zip(docs, preds) for s in p.spans if s.type == "LOC"}
        report.errors[(name, mname, OVERLAP)] = link_errors(match, pred, entity_ids)


def link_errors(match, pred, entity_ids=None) -> list:
    """Why gold ids were missed. `entity_ids`: {(doc, start, stop): system's own place id}, to
    tell a place resolved to an entry lacking a Wikidata id from a place left unresolved."""
    entity_ids = entity_ids or {}
    by_doc = defaultdict(list)
    for p in pred:
        by_doc[p.doc].append(p)
    out = []

    def sp(x):
        return Sp(x.doc, x.start, x.stop)

    for g, ok in match.gold_found:
        if ok:
            continue
        over = [p for p in by_doc[g.doc] if spans_match(sp(g), sp(p), OVERLAP)]
        linked = [p for p in over if p.kb_id]
        if not over:
            kind, ptxt, detail = "place not detected", "", g.text
        elif not linked:
            own = [entity_ids.get((p.doc, p.start, p.stop), "") for p in over]
            own = [e for e in own if e]
            if own:
                kind = "resolved to an entry without a Wikidata id"
                ptxt, detail = f"{over[0].text} → {own[0]}", own[0]
            else:
                kind, ptxt, detail = "detected, not resolved", over[0].text, over[0].text
        else:
            kind, ptxt = "linked to another id", f"{linked[0].text} → {linked[0].kb_id}"
            detail = f"gold {g.kb_id}, ours {linked[0].kb_id}"
        out.append(ErrorCase(kind, "fn", g.doc, f"{g.text} → {g.kb_id}", ptxt, g.start, g.stop,
                             detail))
    for p, ok in match.pred_correct:
        if not ok:
            out.append(ErrorCase("wrong id", "fp", p.doc, "", f"{p.text} → {p.kb_id}", p.start,
                                 p.stop, p.kb_id))
    return out


# ---------------------------------------------------------------------------------------------
# factRuEval occupation facts


FACT_VARIANTS = (("who+position", ("who", "position")),
                 ("who+position+where", ("who", "position", "where")))


def official_fact(o, names) -> tuple:
    from .corpora import normalize_fact_string as norm

    args = []
    values = {"who": o.person, "position": o.position, "where": o.where}
    for n in names:
        v = values.get(n, "")
        if v and v.strip():
            args.append((n, norm(v)))
    return tuple(args)


def _score_facts(report, docs, preds, name, caps) -> None:
    for variant, names in FACT_VARIANTS:
        mname = "occupation"
        if "OFFICIAL" not in caps:
            report.rows.append(Row(mname, variant, name, None))
            continue
        total = Score()
        errors = []
        for d, p in zip(docs, preds):
            std = [(tuple(a for a in f.args if a[0] in names), f.ignored)
                   for f in d.facts if f.tag == "occupation"]
            std_facts = [f for f in d.facts if f.tag == "occupation"]
            # factRuEval's occupation facts are employment: who works where (all but one
            # gold fact name the body or country); occupations without one are not submitted
            test = [official_fact(o, names) for o in p.officials
                    if getattr(o, "employment", True)]
            test = [t for t in dict.fromkeys(test) if t]
            if not std and not test:
                continue
            fm = match_facts(std, test)
            total = total + fm.score
            errors += fact_errors(d.doc_id, fm, std_facts, test)
        report.rows.append(Row(mname, variant, name, total))
        report.errors[(name, mname, variant)] = errors


def fact_errors(doc_id, fm, std_facts, test) -> list:
    out = []

    def show(t):
        return "; ".join(f"{k}={v}" for k, v in t)

    for si, tis, q in fm.clusters:
        if si is None:
            out.append(ErrorCase("system fact matches no gold fact", "fp", doc_id, "",
                                 show(test[tis[0]]), detail=""))
            continue
        if q.get("ignored"):
            continue
        if not tis:
            out.append(ErrorCase("gold fact missed", "fn", doc_id, std_facts[si].text, ""))
            continue
        if q["quality"] < 1.0:
            miss = sorted(set(q.get("unmatched_std", [])))
            extra = sorted(set(q.get("unmatched_test", [])))
            what = []
            if miss:
                what.append("gold " + "+".join(miss) + " not matched")
            if extra:
                what.append("our " + "+".join(extra) + " wrong")
            out.append(ErrorCase("partial: " + ", ".join(what or ["several system facts"]), "fn",
                                 doc_id, std_facts[si].text,
                                 " || ".join(show(test[t]) for t in tis)))
    return out


# ---------------------------------------------------------------------------------------------
# BSNLP normalisation


def predicted_forms(doc_id: str, pred) -> dict:
    """{(doc, surface): normal}: the commonest normal a system gave a surface form."""
    seen = defaultdict(Counter)
    for s in pred.spans:
        if s.type in ("PER", "LOC", "ORG"):
            seen[squash(s.text)][s.normal or s.text] += 1
    return {(doc_id, form): c.most_common(1)[0][0] for form, c in seen.items()}


def _score_normalisation(report, docs, preds, name, caps) -> None:
    gold = [(d.doc_id, f.form, f.base, f.category) for d in docs for f in d.base_forms
            if f.category in NORM_CATEGORIES]
    pred = {}
    for d, p in zip(docs, preds):
        pred.update(predicted_forms(d.doc_id, p))
    results = match_forms(gold, pred)
    scores = norm_scores(results)
    for cat in ("PER", "LOC", "ORG", "all"):
        report.rows.append(Row("normalisation", cat, name, scores.get(cat, NormScore()), "norm"))
    errors = []
    for r in results:
        if r.normal is None:
            errors.append(ErrorCase(f"form not found ({r.category})", "fn", r.doc, r.form, "",
                                    detail=r.category))
        elif not r.exact:
            if r.ci:
                kind = "case differs only"
            elif r.normal == r.form:
                kind = "system left the form as written"
            elif fold(r.normal).split()[-1:] == fold(r.base).split()[-1:]:
                kind = "last word right, rest differs"
            else:
                kind = "wrong normal form"
            errors.append(ErrorCase(f"{kind} ({r.category})", "fn", r.doc,
                                    f"{r.form} → {r.base}", r.normal, detail=r.category))
    report.errors[(name, "normalisation", "exact")] = errors


def fold(s: str) -> str:
    from .scoring import fold as _fold

    return _fold(s)


# ---------------------------------------------------------------------------------------------
# rendering


def _f(x: float) -> str:
    return f"{x:.3f}"


def _prf(score) -> str:
    if score is None:
        return "n/a"
    return f"{_f(score.precision)} / {_f(score.recall)} / {_f(score.f1)}"


def _counts(score) -> str:
    if score is None:
        return ""
    tp = score.tp_gold
    tp = f"{tp:.1f}" if tp != int(tp) else str(int(tp))
    return f"{tp}/{score.n_gold}"


def render_timings(report: Report) -> str:
    """"ours 10.2 s, natasha 4.1 s, pullenti 310.5 s (30.4× ours)", initialisation apart."""
    systems = report.systems
    base = report.timings.get(systems[0], 0.0) if systems else 0.0
    parts = []
    for i, s in enumerate(systems):
        t = report.timings.get(s, 0.0)
        part = f"{s} {t:.1f} s"
        if i and base > 0:
            part += f" ({t / base:.1f}× {systems[0]})"
        parts.append(part)
    text = ", ".join(parts)
    loads = [f"{s} {report.load_timings[s]:.1f} s" for s in systems
             if report.load_timings.get(s, 0.0) >= 0.05]  # ours loads lazily, within its run
    if loads:
        text += "; initialisation, not counted: " + ", ".join(loads)
    return text


def render_report(report: Report, level: int = 2, with_errors: bool = True) -> str:
    h = "#" * level
    lines = [f"{h} {report.corpus} — `{report.path}` ({report.n_docs} texts)", ""]
    lines.append(f"Run time: {render_timings(report)}.")
    for s, why in report.unavailable.items():
        lines.append(f"**{s} not run**: {why}")
    fails = {s: v for s, v in report.failures.items() if v}
    for s, v in fails.items():
        lines.append(f"**{s} failed on {len(v)} texts** ({', '.join(v[:5])}...): scored empty.")
    for s, v in report.warnings.items():
        if v:
            lines.append(f"**{s}: {len(v)} texts processed in part** ({', '.join(list(v)[:5])}"
                         f"{'...' if len(v) > 5 else ''}): {'; '.join(sorted(set(v.values())))}.")
    lines.append("")
    prf_rows = [r for r in report.rows if r.kind == "prf"]
    norm_rows = [r for r in report.rows if r.kind == "norm"]
    systems = report.systems
    if prf_rows:
        head = "| measure | match | " + " | ".join(
            f"{s} P / R / F1" for s in systems) + " | gold found (" + systems[0] + ") |"
        lines += [head, "|" + "---|" * (3 + len(systems))]
        keys = list(dict.fromkeys((r.measure, r.variant) for r in prf_rows))
        for measure, variant in keys:
            cells = [_prf(report.score(measure, variant, s)) for s in systems]
            first = report.score(measure, variant, systems[0])
            if first is None:
                first = next((report.score(measure, variant, s) for s in systems
                              if report.score(measure, variant, s) is not None), None)
            lines.append(f"| {measure} | {variant} | " + " | ".join(cells)
                         + f" | {_counts(first)} |")
        lines.append("")
    if norm_rows:
        head = "| category | " + " | ".join(
            f"{s} coverage / exact / ci / overall" for s in systems) + " | gold forms |"
        lines += [head, "|" + "---|" * (2 + len(systems))]
        for cat in list(dict.fromkeys(r.variant for r in norm_rows)):
            cells = []
            n = 0
            for s in systems:
                sc = report.score("normalisation", cat, s)
                if sc is None:
                    cells.append("n/a")
                    continue
                n = sc.n_gold
                cells.append(f"{_f(sc.coverage)} / {_f(sc.exact)} / {_f(sc.ci)} / "
                             f"{_f(sc.exact_all)}")
            lines.append(f"| {cat} | " + " | ".join(cells) + f" | {n} |")
        lines.append("")
    for note in report.notes:
        lines.append(f"- {note}")
    if report.notes:
        lines.append("")
    if with_errors:
        lines += render_error_summary(report, systems[:1], level + 1)
    return "\n".join(lines)


def render_error_summary(report: Report, systems, level: int = 3, top: int = 3,
                         examples: int = 2) -> list:
    """The commonest error kinds per measure, with a couple of examples each."""
    h = "#" * level
    lines = []
    for system in systems:
        keys = [k for k in report.errors if k[0] == system]
        if not keys:
            continue
        lines += [f"{h} Errors of {system} (commonest kinds)", ""]
        for key in keys:
            _, measure, variant = key
            summary = summarize_errors(report.errors[key], examples)
            total = sum(x[2] for x in summary)
            lines.append(f"- **{measure}** ({variant}; {total} errors): " + "; ".join(
                _kind_line(kind, side, n, ex, det, report) for kind, side, n, ex, det
                in summary[:top]))
        lines.append("")
    return lines


def _kind_line(kind, side, n, ex, details, report) -> str:
    tag = "missed" if side == "fn" else "wrong"
    s = f"{kind} [{tag}] ×{n}"
    if kind.startswith("boundary") and details:
        s += " (" + ", ".join(f"{d} ×{c}" for d, c in details.most_common(3)) + ")"
    eg = [_example(e) for e in ex]
    if eg:
        s += ", e.g. " + ", ".join(eg)
    return s


def _example(e: ErrorCase) -> str:
    if e.gold and e.pred:
        return f"`{_md(e.gold)}` vs `{_md(e.pred)}`"
    return f"`{_md(e.gold or e.pred)}`"


def _md(s: str) -> str:
    return " ".join(str(s).replace("`", "'").replace("|", "/").split())[:80]


def _context(text: str, start: int, stop: int, width: int = 50) -> str:
    if start < 0 or not text:
        return ""
    a, b = max(0, start - width), min(len(text), stop + width)
    s = text[a:start] + "⟦" + text[start:stop] + "⟧" + text[stop:b]
    return ("…" if a > 0 else "") + " ".join(s.split()) + ("…" if b < len(text) else "")


def render_errors(report: Report, examples: int = 8) -> str:
    lines = [f"## {report.corpus} — `{report.path}` ({report.n_docs} texts)", ""]
    for key, cases in report.errors.items():
        system, measure, variant = key
        summary = summarize_errors(cases, examples)
        total = sum(x[2] for x in summary)
        lines += [f"### {system}: {measure} ({variant}) — {total} errors", ""]
        for kind, side, n, ex, details in summary:
            tag = "gold missed" if side == "fn" else "wrong prediction"
            lines.append(f"#### {kind} — {n} ({tag})")
            if details and len(details) > 1:
                lines.append("")
                lines.append("Commonest: " + ", ".join(
                    f"`{_md(d)}` ×{c}" for d, c in details.most_common(8)))
            lines.append("")
            for e in ex:
                ctx = _context(report.texts.get(e.doc, ""), e.start, e.stop)
                lines.append(f"- {e.doc}: gold `{_md(e.gold)}` / {system} `{_md(e.pred)}`"
                             + (f" — {ctx}" if ctx else ""))
            lines.append("")
    return "\n".join(lines)


def write_errors(report: Report, path, examples: int = 8) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Error analysis\n\n{render_errors(report, examples)}\n", encoding="utf-8")
    return path
