"""Readers for the gold corpora: each turns one corpus format into plain `GoldDoc` records.

Nothing here knows about our pipeline or natasha; the records hold the corpus's own types
(NEREL's PERSON, Collection5's GEOPOLIT, ...). `run.py` decides which gold types a measure
compares with which predicted types.

Formats (see ../shared/README.md):

* ``nerel``: brat ``.txt`` + ``.ann``, offsets on the text as is; a split span is ``24 31;39 45``;
  ``R`` lines are relations, ``N`` lines Wikidata links.
* ``factrueval``: ``.txt/.spans/.objects/.coref/.facts`` per text, plus ``jobs_processed.txt``.
* ``bsnlp``: ``raw/ru/*.txt`` (4 header lines) and ``annotated/ru/*.out`` (mention, base form,
  category, cross-document id).
* ``collection5``: brat whose offsets count CRLF line ends while the files have LF.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

CORPORA = ("nerel", "factrueval", "bsnlp", "collection5", "regional")

# the checkout's sibling `shared/` (../shared from the repository root)
REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_CORPORA = REPO_ROOT.parent / "shared" / "corpora"

DEFAULT_SUBPATHS = {
    "nerel": "nerel/dev",
    "factrueval": "factrueval",
    "bsnlp": "bsnlp",
    "collection5": "collection5",
    "regional": "regional",
}


class CorpusNotFound(FileNotFoundError):
    """The corpus path is absent or holds no file of the expected format."""


@dataclass(frozen=True)
class GoldSpan:
    id: str
    type: str
    start: int
    stop: int  # exclusive; for a split span, the stop of its last fragment
    text: str
    fragments: tuple = ()  # ((start, stop), ...) when the span is split


@dataclass(frozen=True)
class GoldRelation:
    id: str
    type: str
    arg1: str  # GoldSpan.id
    arg2: str


@dataclass(frozen=True)
class BaseForm:
    """One BSNLP line: a mention form as written, its base (nominative) form, its category."""

    form: str
    base: str
    category: str
    entity: str = ""


@dataclass(frozen=True)
class GoldFact:
    """A factRuEval fact ready for the task's scorer.

    ``args`` is a tuple of ``(name, values)``: ``values`` the normalised strings any one of which
    a system's argument may match (Levenshtein distance <= 2). ``ignored`` marks a fact the
    easy-mode scorer skips (``Сложность повышенная``).
    """

    id: str
    tag: str
    args: tuple
    ignored: bool = False
    text: str = ""  # human-readable summary for error reports


@dataclass
class GoldDoc:
    doc_id: str
    text: str
    spans: list = field(default_factory=list)  # list[GoldSpan]
    relations: list = field(default_factory=list)  # list[GoldRelation]
    links: dict = field(default_factory=dict)  # GoldSpan.id -> Wikidata id ("Q30")
    base_forms: list = field(default_factory=list)  # list[BaseForm]
    facts: list = field(default_factory=list)  # list[GoldFact]
    optional: list = field(default_factory=list)  # list[GoldSpan] neither missed nor spurious

    def span(self, span_id: str) -> Optional[GoldSpan]:
        for s in self.spans:
            if s.id == span_id:
                return s
        return None


def default_path(corpus: str) -> Path:
    if corpus not in DEFAULT_SUBPATHS:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {', '.join(CORPORA)}")
    return SHARED_CORPORA / DEFAULT_SUBPATHS[corpus]


def read_corpus(corpus: str, path=None, limit: Optional[int] = None) -> list:
    """Gold documents of `corpus` read from `path` (default: ../shared/corpora/...)."""
    readers = {
        "nerel": read_nerel,
        "factrueval": read_factrueval,
        "bsnlp": read_bsnlp,
        "collection5": read_collection5,
        "regional": _read_regional,
    }
    if corpus not in readers:
        raise ValueError(f"unknown corpus {corpus!r}; expected one of {', '.join(CORPORA)}")
    path = Path(path) if path is not None else default_path(corpus)
    if not path.exists():
        raise CorpusNotFound(f"{corpus} corpus not found at {path}")
    docs = list(readers[corpus](path, limit=limit))
    if not docs:
        raise CorpusNotFound(f"no {corpus} documents found under {path}")
    return docs


def _read_regional(path: Path, limit: Optional[int] = None) -> list:
    from .regional import read_regional  # document-level gold: its own records

    return read_regional(path, limit)


def _read_text(path: Path) -> str:
    # newline="" keeps the text exactly as stored, so offsets stay valid
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read()


def _natural_key(name: str):
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name)]


# ---------------------------------------------------------------------------------------------
# brat (NEREL, Collection5)


def parse_brat(ann: str, text: str, offset_map=None):
    """Spans, relations and Wikidata links of one brat `.ann` file.

    `offset_map(o)` translates a file offset into an index of `text` (Collection5's CRLF
    offsets); spans are trimmed of surrounding whitespace.
    """
    spans, relations, links = [], [], {}
    for line in ann.splitlines():
        if not line.strip():
            continue
        parts = line.split("\t")
        key = parts[0]
        if key.startswith("T") and len(parts) >= 2:
            head = parts[1].split(" ", 1)
            if len(head) < 2:
                continue
            typ, offsets = head
            frags = []
            for frag in offsets.split(";"):
                a, b = frag.split()
                a, b = int(a), int(b)
                if offset_map is not None:
                    a, b = offset_map(a), offset_map(b)
                frags.append((a, b))
            frags = [_trim(text, a, b) for a, b in frags]
            start, stop = frags[0][0], frags[-1][1]
            if stop <= start:
                continue
            spans.append(
                GoldSpan(key, typ, start, stop, text[start:stop],
                         tuple(frags) if len(frags) > 1 else ())
            )
        elif key.startswith("R") and len(parts) >= 2:
            fields = parts[1].split()
            if len(fields) < 3:
                continue
            args = dict(f.split(":", 1) for f in fields[1:] if ":" in f)
            if "Arg1" in args and "Arg2" in args:
                relations.append(GoldRelation(key, fields[0], args["Arg1"], args["Arg2"]))
        elif key.startswith("N") and len(parts) >= 2:
            fields = parts[1].split()
            if len(fields) >= 3 and fields[2].startswith("Wikidata:"):
                qid = fields[2].split(":", 1)[1]
                if qid and qid.upper() != "NULL":
                    links[fields[1]] = qid
    return spans, relations, links


def _trim(text: str, a: int, b: int):
    a = max(0, min(a, len(text)))
    b = max(a, min(b, len(text)))
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _brat_files(path: Path):
    if path.is_file():
        path = path.parent
    return sorted(path.glob("*.ann"), key=lambda p: _natural_key(p.name))


def read_nerel(path: Path, limit: Optional[int] = None) -> Iterator[GoldDoc]:
    """NEREL (brat). `path` is a split folder (dev/, train/) or the corpus root (every split)."""
    path = Path(path)
    anns = _brat_files(path)
    if not anns:  # the corpus root: read its splits
        anns = [a for sub in ("train", "dev", "test") for a in _brat_files(path / sub)]
    n = 0
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            continue
        text = _read_text(txt)
        spans, relations, links = parse_brat(_read_text(ann), text)
        yield GoldDoc(ann.stem, text, spans, relations, links)
        n += 1
        if limit is not None and n >= limit:
            return


def crlf_offset_map(text: str):
    """Map offsets counted with CRLF line ends onto `text`, which has LF line ends."""
    table = []
    for i, ch in enumerate(text):
        if ch == "\n":
            table.append(i)  # the "\r" of the CRLF pair lands on the newline
        table.append(i)
    table.append(len(text))

    def to_lf(o: int) -> int:
        if o < 0:
            return 0
        return table[o] if o < len(table) else len(text)

    return to_lf


def read_collection5(path: Path, limit: Optional[int] = None) -> Iterator[GoldDoc]:
    n = 0
    for ann in _brat_files(Path(path)):
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            continue
        text = _read_text(txt)
        if "\r\n" in text:  # a file stored with CRLF: offsets are direct
            mapping = None
        else:
            mapping = crlf_offset_map(text)
        spans, relations, links = parse_brat(_read_text(ann), text, mapping)
        # brat files sometimes hold the same span twice (last_60: T2 and T3)
        seen, unique = set(), []
        for s in spans:
            if (s.type, s.start, s.stop) not in seen:
                seen.add((s.type, s.start, s.stop))
                unique.append(s)
        yield GoldDoc(ann.stem, text, unique, relations, links)
        n += 1
        if limit is not None and n >= limit:
            return


# ---------------------------------------------------------------------------------------------
# BSNLP


def read_bsnlp(path: Path, limit: Optional[int] = None) -> Iterator[GoldDoc]:
    """BSNLP Russian part: `path` is the corpus root (every topic) or one topic folder."""
    path = Path(path)
    if (path / "raw").is_dir():
        topics = [path]
    else:
        topics = sorted(p for p in path.iterdir() if (p / "raw").is_dir())
    n = 0
    for topic in topics:
        raw_dir = topic / "raw" / "ru"
        ann_dir = topic / "annotated" / "ru"
        if not raw_dir.is_dir():
            raw_dir = topic / "raw"
            ann_dir = topic / "annotated"
        for raw in sorted(raw_dir.glob("*.txt"), key=lambda p: _natural_key(p.name)):
            out = ann_dir / (raw.stem + ".out")
            if not out.exists():
                continue
            text = _bsnlp_text(_read_text(raw))
            forms = _bsnlp_forms(_read_text(out))
            yield GoldDoc(f"{topic.name}/{raw.stem}", text, base_forms=forms)
            n += 1
            if limit is not None and n >= limit:
                return


def _bsnlp_text(raw: str) -> str:
    """Title and body: the 4 header lines (id, language, date, URL) dropped, LF line ends."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = raw.split("\n")
    return "\n".join(lines[4:]).strip("\n")


def _bsnlp_forms(out: str) -> list:
    forms, seen = [], set()
    for i, line in enumerate(out.replace("\r\n", "\n").split("\n")):
        if i == 0 or not line.strip():
            continue  # the first line is the document id
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 3:
            continue
        form, base, category = parts[0], parts[1], parts[2].upper()
        entity = parts[3] if len(parts) > 3 else ""
        if (form, category) in seen:
            continue
        seen.add((form, category))
        forms.append(BaseForm(form, base, category, entity))
    return forms


# ---------------------------------------------------------------------------------------------
# factRuEval-2016


def normalize_fact_string(s: str) -> str:
    """The task scorer's string normalisation: case, outer blanks, quotes, ё."""
    res = s.lower().strip(" \r\n\t")
    for q in "«»“”„":
        res = res.replace(q, '"')
    for q in "’`":
        res = res.replace(q, "'")
    return res.replace("ё", "е")


def load_jobs(path: Path) -> dict:
    """jobs_processed.txt: `as written | normalised` position pairs."""
    jobs = {}
    if path is None or not Path(path).exists():
        return jobs
    for line in _read_text(Path(path)).splitlines():
        parts = [p.strip(" \n\r\t") for p in line.split("|")]
        if len(parts) == 2 and parts[0]:
            jobs[parts[0]] = parts[1]
    return jobs


def read_factrueval(path: Path, limit: Optional[int] = None) -> Iterator[GoldDoc]:
    """factRuEval-2016: `path` is the corpus root (holding devset/) or a folder of texts.

    Persons are the ``Person`` objects (extent: first to last of their spans). Persons inside
    another object (``памятник Юрию Долгорукому``) are *optional*: the task's scorer ignores
    embedded objects. Occupation facts are read with the scorer's argument values.
    """
    path = Path(path)
    folder = path
    if not list(folder.glob("*.objects")) and (path / "devset").is_dir():
        folder = path / "devset"
    jobs_file = next(
        (p / "jobs_processed.txt" for p in (folder, folder.parent, path)
         if (p / "jobs_processed.txt").exists()),
        None,
    )
    jobs = load_jobs(jobs_file)
    n = 0
    for objects in sorted(folder.glob("*.objects"), key=lambda p: _natural_key(p.name)):
        base = objects.with_suffix("")
        txt = base.with_suffix(".txt")
        if not txt.exists():
            continue
        yield _read_factrueval_doc(base, jobs)
        n += 1
        if limit is not None and n >= limit:
            return


def _read_factrueval_doc(base: Path, jobs: dict) -> GoldDoc:
    text = _read_text(base.with_suffix(".txt"))
    # spans: id -> (tag, start, stop)
    spans = {}
    spans_file = base.with_suffix(".spans")
    if spans_file.exists():
        for line in _read_text(spans_file).splitlines():
            left = line.split("#", 1)[0].split()
            if len(left) < 4:
                continue
            sid, tag, start, nchars = left[0], left[1], int(left[2]), int(left[3])
            spans[sid] = (tag, start, start + nchars)
    # objects (mentions): id -> (type, [span ids])
    objects = {}
    objects_file = base.with_suffix(".objects")
    for line in _read_text(objects_file).splitlines():
        left = line.split("#", 1)[0].split()
        if len(left) < 3:
            continue
        objects[left[0]] = (left[1], [s for s in left[2:] if s in spans])

    def extent(span_ids):
        if not span_ids:
            return None
        return (min(spans[s][1] for s in span_ids), max(spans[s][2] for s in span_ids))

    extents = {oid: extent(sids) for oid, (_, sids) in objects.items()}
    persons, optional = [], []
    for oid, (otype, sids) in objects.items():
        if otype != "Person" or extents[oid] is None:
            continue
        a, b = _trim(text, *extents[oid])
        span = GoldSpan(oid, "PER", a, b, text[a:b])
        embedded = any(
            o2 != oid and objects[o2][0] != "Person" and extents[o2] is not None
            and extents[o2][0] <= a and b <= extents[o2][1]
            for o2 in objects
        )
        (optional if embedded else persons).append(span)
    # other objects, for error analysis (what a spurious person landed on)
    others = []
    for oid, (otype, sids) in objects.items():
        if otype == "Person" or extents[oid] is None:
            continue
        a, b = _trim(text, *extents[oid])
        typ = {"Org": "ORG", "Organization": "ORG", "Location": "LOC", "LocOrg": "LOCORG"}.get(
            otype, otype.upper())
        others.append(GoldSpan(oid, typ, a, b, text[a:b]))

    entities = _read_coref(base.with_suffix(".coref"), objects, spans, text)
    facts = _read_facts(base.with_suffix(".facts"), entities, spans, text, jobs)
    doc_id = base.name
    return GoldDoc(doc_id, text, spans=persons + others, facts=facts, optional=optional)


def _read_coref(path: Path, objects: dict, spans: dict, text: str) -> dict:
    """Coreference entities: id -> {"tag", "values"} with the scorer's candidate strings."""
    entities = {}
    if not path.exists():
        return entities
    for block in re.split(r"\n\s*\n", _read_text(path).strip()):
        lines = [l.strip() for l in block.splitlines() if l.strip()]
        if not lines:
            continue
        head = lines[0].split()
        eid, mention_ids = head[0], head[1:]
        attrs = {}
        for l in lines[1:]:
            name, _, value = l.partition(" ")
            attrs.setdefault(name.lower(), []).append(value.strip())
        values = set()
        tags = set()
        for mid in mention_ids:
            if mid not in objects:
                continue
            otype, sids = objects[mid]
            tags.add(otype)
            if not sids:
                continue
            ordered = sorted(sids, key=lambda s: spans[s][1])
            values.add(" ".join(text[spans[s][1]:spans[s][2]] for s in ordered))
            a = min(spans[s][1] for s in sids)
            b = max(spans[s][2] for s in sids)
            values.add(text[a:b])
        if "Person" in tags:
            values |= _person_values(attrs)
        else:
            values |= set(attrs.get("name", []))
        entities[eid] = {"tags": tags, "values": values}
    return entities


def _person_values(attrs: dict) -> set:
    """The scorer's name combinations: lfp, fpl, fp, fl, lf, n, f, p, l, fn."""
    lists = {
        "f": attrs.get("firstname", []),
        "l": attrs.get("lastname", []),
        "p": attrs.get("patronymic", []),
        "n": attrs.get("nickname", []),
    }
    out = set()
    for combo in ("lfp", "fpl", "fp", "fl", "lf", "n", "f", "p", "l", "fn"):
        options = [""]
        for sym in combo:
            options = [
                (o + " " + v if o else v) for v in lists[sym] if v for o in options
            ]
        out.update(o for o in options if o)
    return out


def _read_facts(path: Path, entities: dict, spans: dict, text: str, jobs: dict) -> list:
    facts = []
    if not path.exists():
        return facts
    for block in re.split(r"\n\s*\n", _read_text(path).strip()):
        lines = [l.strip() for l in block.splitlines() if l.strip()]
        if not lines:
            continue
        head = lines[0].split(" ")
        fid, tag = head[0], (head[1] if len(head) > 1 else "").strip(" :").lower()
        args, ignored, summary = [], False, []
        for line in lines[1:]:
            parts = line.split(" ")
            name = parts[0].lower()
            if name == "job":
                name = "position"
            rest = " ".join(parts[1:])
            if name == "сложность":
                ignored = normalize_fact_string(rest) == "повышенная"
                continue
            if name in ("модальность", "фаза"):
                continue  # easy mode: modality kept as a fact, phase argument removed
            if len(parts) > 1 and parts[1].startswith("span"):
                values = set()
                shown = []
                for alt in rest.split("|"):
                    alt_parts = [x for x in alt.split(" ") if x]
                    if not alt_parts:
                        continue
                    sid = alt_parts[0][4:]
                    if sid in spans:
                        _, a, b = spans[sid]
                        value = text[a:b].replace("\n", " ")
                    else:
                        value = " ".join(alt_parts[1:])
                    shown.append(value)
                    values.add(value)
                    if name == "position":
                        key = normalize_fact_string(value)
                        for k in (key, re.sub(r"\s*-\s*", " - ", key)):
                            if k in jobs:
                                values.add(jobs[k])
            elif len(parts) > 1 and parts[1].startswith("obj"):
                descr = " ".join(parts[2:])
                shown = [descr]
                values = {descr}
                ent = entities.get(parts[1][3:])
                if ent is not None:
                    values |= ent["values"]
            else:
                shown = [a.strip() for a in rest.split("|")]
                values = set(shown)
            norm = tuple(sorted({normalize_fact_string(v) for v in values if v.strip()}))
            if norm:
                args.append((name, norm))
                summary.append(f"{name}={' | '.join(shown)}")
        facts.append(GoldFact(fid, tag, tuple(args), ignored, "; ".join(summary)))
    return facts


def corpus_label(corpus: str, path) -> str:
    path = Path(path)
    try:
        return str(path.relative_to(SHARED_CORPORA.parent.parent))
    except ValueError:
        return os.fspath(path)
