"""Documents -> rows of the output tables (the contract in schema.py and docs/tables.md).

Per-document tables (documents, sentences, tokens, mentions, officials, dates, errors) are
produced document by document, so a writer can stream them; people and regions aggregate over
the whole run and are produced at the end.

pandas loads only for `frame` / `TableBuilder.frames` (the library's DataFrames): a worker of a
batch run, which writes rows, never needs it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from . import schema as S
from .records import Document
from .served import one_row_per_post

if TYPE_CHECKING:
    import pandas as pd


def official_row(doc_id: str, o) -> dict:
    return {
        "doc_id": doc_id, "person_id": o.person_id, "person": o.person,
        "position": o.position, "role": o.role, "region_id": o.region_id,
        "organisation": o.organisation, "country": o.country, "sent_id": o.sent_id,
        "start": o.start, "stop": o.stop, "person_start": o.person_start,
        "person_stop": o.person_stop, "category": o.category, "acting": o.acting,
        "former": o.former, "pattern": o.pattern, "place_from": o.place_from,
        "seat_id": o.seat_id, "n_mentions": o.n_mentions,
    }


def fold_placeless_posts(posts: dict) -> None:
    """One post, one row across the run: a person's post named without its place in some
    documents ("губернатор") is the same person's one post of that role with a place
    ("губернатор", Курганская область), when there is exactly one; `posts` maps (person_id,
    role, region_id) to the post's aggregate (dates, docs, positions, n_links, flags)."""
    placed = defaultdict(list)
    for person_id, role, region_id in posts:
        if region_id:
            placed[(person_id, role)].append(region_id)
    for key in [k for k in posts if not k[2]]:
        where = placed.get(key[:2], [])
        if len(where) != 1:
            continue
        bare, into = posts.pop(key), posts[(key[0], key[1], where[0])]
        into["dates"] |= bare["dates"]
        into["docs"] |= bare["docs"]
        into["positions"] |= bare["positions"]
        into["n_links"] += bare["n_links"]
        into["acting"] |= bare["acting"]
        into["former"] |= bare["former"]


def fold_placeless_names(posts: set) -> set:
    """The same for people.posts' "role (place)" strings: "губернатор" goes when exactly one
    "губернатор (…)" is there."""
    out = set(posts)
    for post in posts:
        if " (" not in post and len([p for p in posts if p.startswith(post + " (")]) == 1:
            out.discard(post)
    return out


def first_level(region_id: str, gazetteer) -> str:
    """The first-level division a place lies in (itself for an oblast, a federal subject, a
    state, or a city that is one: Астана, Москва), or its country when there is none; "" for
    places of no country (seas, former states)."""
    entry = gazetteer.get(region_id)
    while entry is not None:
        if entry.kind == "region" or (entry.kind == "city" and entry.iso_code):
            return entry.region_id
        if entry.kind == "country":
            return entry.region_id if entry.country else ""
        entry = gazetteer.get(entry.parent_id) if entry.parent_id else None
    return ""


def region_link_rows(doc: Document, gazetteer) -> list[dict]:
    """Pairs of places of different countries the document names: "who works with whom".

    Places are rolled up to their first-level division (a city or district counts as its
    oblast, republic, krai or state); a country counts only when the document names none of its
    divisions ("Казахстан" pairs with "Волгоградская область" unless the document also names a
    Kazakh oblast, which then stands for it). Places in boilerplate are left out. One row per
    unordered pair, ids sorted (a < b); `scope` is "sentence" when the two share at least one
    sentence (`n_sentences` of them), else "document" (n_sentences 0)."""
    by_sentence: dict[int, set] = defaultdict(set)
    for m in doc.places:
        if m.entity_id and not m.in_boilerplate:
            unit = first_level(m.entity_id, gazetteer)
            if unit and gazetteer.get(unit).country:
                by_sentence[m.sent_id].add(unit)
    if not by_sentence:
        return []
    every = set().union(*by_sentence.values())
    covered = {gazetteer.get(u).country for u in every if gazetteer.get(u).kind != "country"}

    def pairs(found: set) -> set:
        found = sorted(u for u in found if gazetteer.get(u).kind != "country" or u not in covered)
        return {(a, b) for i, a in enumerate(found) for b in found[i + 1:]
                if gazetteer.get(a).country != gazetteer.get(b).country}

    in_sentences: dict[tuple, int] = defaultdict(int)
    for found in by_sentence.values():
        for pair in pairs(found):
            in_sentences[pair] += 1
    events = event_pair_counts(doc, gazetteer)
    rows = []
    for a, b in sorted(pairs(every)):
        ea, eb = gazetteer.get(a), gazetteer.get(b)
        by_type = events.get((a, b), {})
        rows.append({
            "doc_id": doc.doc_id, "region_id_a": a, "name_a": ea.name, "country_a": ea.country,
            "region_id_b": b, "name_b": eb.name, "country_b": eb.country,
            "scope": "sentence" if in_sentences.get((a, b)) else "document",
            "n_sentences": in_sentences.get((a, b), 0), "published": doc.published,
            "n_events": sum(by_type.values()),
            **{f"n_{t}": by_type.get(t, 0) for t in S.EVENT_TYPES},
        })
    return rows


def event_pair_counts(doc: Document, gazetteer) -> dict:
    """{(a, b): {type: n}}: the document's events (that happened) whose sides include both
    first-level divisions a and b."""
    counts: dict = defaultdict(lambda: defaultdict(int))
    for e in doc.events:
        if e.status != "happened":
            continue
        units = sorted({first_level(r, gazetteer) for r in event_regions(e)} - {""})
        for i, a in enumerate(units):
            for b in units[i + 1:]:
                counts[(a, b)][e.type] += 1
    return counts


def event_regions(e) -> list:
    """The places of an event's sides: its participants' regions and the places named for it
    (and, for a visit, the place visited: the host)."""
    host = [e.place_id] if e.type == "visit" and e.place_id else []
    return list(dict.fromkeys([p.region_id for p in e.participants if p.region_id] + e.regions
                              + host))


def event_rows(doc: Document) -> tuple[list[dict], list[dict]]:
    """Rows of `events` and `event_participants`: a side without a person ("делегация
    Алтайского края") is a participant row with the place only."""
    events, participants = [], []
    for e in doc.events:
        events.append({
            "doc_id": doc.doc_id, "event_id": e.event_id, "sent_id": e.sent_id,
            "start": e.start, "stop": e.stop, "type": e.type, "trigger": e.trigger,
            "status": e.status, "date": e.date, "date_precision": e.date_precision,
            "date_from": e.date_from, "place_id": e.place_id, "topics": ";".join(e.topics),
        })
        for p in e.participants:
            participants.append({
                "doc_id": doc.doc_id, "event_id": e.event_id, "person_id": p.person_id,
                "person": p.person, "role": p.role, "region_id": p.region_id,
                "organisation": p.organisation, "side": p.side,
            })
        named = {p.region_id for p in e.participants}
        for region_id in e.regions:
            if region_id not in named and region_id != e.place_id:
                participants.append({
                    "doc_id": doc.doc_id, "event_id": e.event_id, "person_id": "", "person": "",
                    "role": "", "region_id": region_id, "organisation": "", "side": "",
                })
    return events, participants


def document_rows(doc: Document, gazetteer=None) -> dict[str, list[dict]]:
    """The rows one document contributes to each per-document table (`gazetteer`: the one the
    places were linked with; the package's by default)."""
    if gazetteer is None:
        from .gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    events, participants = event_rows(doc)
    rows = {
        S.DOCUMENTS: [{
            "doc_id": doc.doc_id, "source": doc.source, "title": doc.title,
            "published": doc.published, "n_chars": len(doc.text),
            "n_sentences": len(doc.sentences), "n_tokens": len(doc.tokens),
            "status": doc.status, "error": doc.error, "url": doc.url,
            "encoding": doc.encoding, "body_start": doc.body_start, "body_stop": doc.body_stop,
        }],
        S.SENTENCES: [{
            "doc_id": doc.doc_id, "sent_id": s.sent_id, "start": s.start, "stop": s.stop,
            "text": s.text, "is_boilerplate": s.is_boilerplate,
        } for s in doc.sentences],
        S.TOKENS: [{
            "doc_id": doc.doc_id, "sent_id": t.sent_id, "token_id": t.token_id,
            "start": t.start, "stop": t.stop, "text": t.text, "lemma": t.lemma,
            "pos": t.pos, "feats": t.feats_str,
        } for t in doc.tokens],
        S.MENTIONS: [{
            "doc_id": doc.doc_id, "mention_id": m.mention_id, "sent_id": m.sent_id,
            "type": m.type, "start": m.start, "stop": m.stop, "text": m.text,
            "normal": m.normal, "entity_id": m.entity_id, "in_boilerplate": m.in_boilerplate,
        } for m in doc.mentions],
        S.OFFICIALS: [official_row(doc.doc_id, o) for o in doc.officials],
        S.REGION_LINKS: region_link_rows(doc, gazetteer),
        S.DATES: [{
            "doc_id": doc.doc_id, "mention_id": d.mention_id, "sent_id": d.sent_id,
            "start": d.start, "stop": d.stop, "text": d.text, "value": d.value,
            "end_value": d.end_value, "precision": d.precision, "role": d.role,
            "time": d.time, "resolved": d.resolved, "relative": d.relative,
        } for d in doc.dates],
        S.EVENTS: events,
        S.EVENT_PARTICIPANTS: participants,
        S.ERRORS: [{
            "doc_id": doc.doc_id, "source": doc.source, "stage": doc.error_stage or "read",
            "error_type": doc.error.split(":", 1)[0] if ":" in doc.error else "Error",
            "message": doc.error,
        }] if doc.status == "error" else [],
    }
    return rows


class Aggregates:
    """People and regions over every document of a run."""

    def __init__(self, gazetteer):
        self.gazetteer = gazetteer
        self.people: dict[str, dict] = {}
        self.person_docs = defaultdict(set)
        self.region_mentions = defaultdict(int)
        self.region_docs = defaultdict(set)
        self.posts: dict[tuple, dict] = {}
        self.open_posts: list = []  # (doc, Official without a person, {person_id: name, spans})

    def add(self, doc: Document) -> None:
        for p in doc.people:
            row = self.people.get(p.person_id)
            if row is None:
                row = self.people[p.person_id] = {
                    "person_id": p.person_id, "name": p.name, "first": p.first,
                    "middle": p.middle, "last": p.last, "gender": p.gender,
                    "n_mentions": 0, "n_docs": 0, "variants": set(), "dates": set(),
                }
            row["n_mentions"] += len(p.mentions)
            row["variants"].update(p.variants)
            if doc.published:
                row["dates"].add(doc.published[:10])
            self.person_docs[p.person_id].add(doc.doc_id)
        for o in doc.officials:
            self._add_post(doc, o)
        if doc.open_posts:
            present = {p.person_id: (p.name, [(m.start, m.stop) for m in p.mentions])
                       for p in doc.people}
            light = Document(doc_id=doc.doc_id, text="", published=doc.published)
            self.open_posts.extend((light, o, present) for o in doc.open_posts)
        for m in doc.places:
            if not m.entity_id:
                continue
            for region_id in self._with_parents(m.entity_id):
                if region_id == m.entity_id:
                    self.region_mentions[region_id] += 1
                self.region_docs[region_id].add(doc.doc_id)

    def _add_post(self, doc: Document, o) -> None:
        key = (o.person_id, o.role, o.region_id)
        post = self.posts.get(key)
        if post is None:
            post = self.posts[key] = {
                "person_id": o.person_id, "person": o.person, "role": o.role,
                "region_id": o.region_id, "country": o.country, "category": o.category,
                "dates": set(), "docs": set(), "n_links": 0, "positions": set(),
                "acting": False, "former": False,
            }
        post["docs"].add(doc.doc_id)
        if doc.published:
            post["dates"].add(doc.published[:10])
        post["n_links"] += 1
        post["positions"].add(o.position)
        post["country"] = post["country"] or o.country
        post["acting"] |= o.acting
        post["former"] |= o.former

    def final_rows(self) -> dict[str, list[dict]]:
        """The rows known only once every document is in: officials resolved across documents
        (first: they add to the posts), then people, regions and posts."""
        officials = self.resolve_open_posts()
        ids = self.identities()  # once: people and posts join people alike
        return {S.OFFICIALS: officials, S.PEOPLE: self.people_rows(ids),
                S.REGIONS: self.region_rows(), S.POSTS: self.post_rows(ids)}

    def resolve_open_posts(self) -> list[dict]:
        """Officials rows for posts a document names without their holder, where the run's
        other documents link exactly one of the people this document names to the same post
        (role and place): "Губернатор Астраханской области назвал ..." beside "Игорь
        Бабушкин" in a run that elsewhere reads "губернатор Астраханской области Игорь
        Бабушкин". The rows say pattern=corpus."""
        holders = defaultdict(set)
        for person_id, role, region_id in self.posts:
            holders[(role, region_id)].add(person_id)
        in_doc = defaultdict(set)  # (doc_id, role) -> holders linked in that document
        for (person_id, role, _), post in self.posts.items():
            for doc_id in post["docs"]:
                in_doc[(doc_id, role)].add(person_id)
        rows, found_in = [], defaultdict(list)
        # Posts with a place first; then, in the same documents, the same posts named bare
        # ("Губернатор также напомнил ...") take the holder just found.
        ordered = sorted(self.open_posts, key=lambda item: not item[1].region_id)
        for doc, o, present in ordered:
            if o.region_id:
                found = holders.get((o.role, o.region_id), set()) & set(present)
            else:
                found = in_doc.get((doc.doc_id, o.role), set()) & set(present)
            if len(found) != 1:
                continue
            person_id = found.pop()
            name, spans = present[person_id]
            start, stop = min(spans, key=lambda sp: abs(sp[0] - o.start))
            linked = replace(o, person_id=person_id, person=name, person_start=start,
                             person_stop=stop, pattern="corpus")
            self._add_post(doc, linked)
            in_doc[(doc.doc_id, o.role)].add(person_id)
            found_in[doc.doc_id].append(linked)
        # one person, one post, one row in each document, as the served step does
        for doc_id, linked in found_in.items():
            rows += [official_row(doc_id, o) for o in one_row_per_post(linked, self.gazetteer)]
        return sorted(rows, key=lambda r: (r["doc_id"], r["start"]))

    def post_rows(self, ids: dict | None = None) -> list[dict]:
        """The tenure timeline: one row per (person, role, place) over the whole run (people
        joined across documents by `identities`, or the `ids` it gave)."""
        ids = self.identities() if ids is None else ids
        names = {pid: row["name"] for pid, row in self.people.items()}
        posts: dict[tuple, dict] = {}
        for (person_id, role, region_id), p in self.posts.items():
            person_id = ids.get(person_id, person_id)
            key = (person_id, role, region_id)
            if key not in posts:
                posts[key] = {**p, "person_id": person_id,
                              "person": names.get(person_id, p["person"]), "dates": set(),
                              "docs": set(), "positions": set(), "n_links": 0}
            q = posts[key]
            q["dates"] |= p["dates"]
            q["docs"] |= p["docs"]
            q["positions"] |= p["positions"]
            q["n_links"] += p["n_links"]
            q["country"] = q["country"] or p["country"]
            q["acting"] |= p["acting"]
            q["former"] |= p["former"]
        fold_placeless_posts(posts)
        rows = []
        for key in sorted(posts):
            p = posts[key]
            entry = self.gazetteer.get(p["region_id"]) if p["region_id"] else None
            rows.append({
                "person_id": p["person_id"], "person": p["person"], "role": p["role"],
                "region_id": p["region_id"], "region": entry.name if entry else "",
                "country": p["country"], "category": p["category"],
                "first_seen": min(p["dates"], default=""), "last_seen": max(p["dates"], default=""),
                "n_docs": len(p["docs"]), "n_links": p["n_links"],
                "positions": "; ".join(sorted(p["positions"])),
                "acting": p["acting"], "former": p["former"],
            })
        return rows

    def _with_parents(self, region_id):
        seen = []
        while region_id and region_id not in seen:
            seen.append(region_id)
            entry = self.gazetteer.get(region_id)
            region_id = entry.parent_id if entry else ""
        return seen

    def identities(self) -> dict:
        """{document-level person_id: the run's person_id}: one person across documents
        (people.merge_people: spelling variants and partial names joined when posts agree)."""
        from .people import merge_people

        posts = defaultdict(set)
        for person_id, role, region_id in self.posts:
            posts[person_id].add((role, region_id))
        return merge_people({pid: {**row, "posts": posts[pid]} for pid, row in self.people.items()})

    def people_rows(self, ids: dict | None = None) -> list[dict]:
        """One row per person of the run, with the posts held and first/last publication date
        of the documents naming them; `merged_ids` lists the document-level ids joined in
        (`ids`: what `identities` gave, when already known)."""
        ids = self.identities() if ids is None else ids
        merged = defaultdict(list)
        for pid in sorted(self.people):
            merged[ids.get(pid, pid)].append(pid)
        posts = defaultdict(set)
        for (person_id, role, region_id), post in self.posts.items():
            entry = self.gazetteer.get(region_id) if region_id else None
            posts[ids.get(person_id, person_id)].add(
                f"{role} ({entry.name})" if entry else role)
        rows = []
        for pid in sorted(merged):
            row = dict(self.people[pid])
            members = merged[pid]
            docs, dates, variants = set(), set(), set()
            for m in members:
                docs |= self.person_docs[m]
                dates |= self.people[m]["dates"]
                variants |= self.people[m]["variants"] | {self.people[m]["name"]}
            row["n_mentions"] = sum(self.people[m]["n_mentions"] for m in members)
            row["n_docs"] = len(docs)
            row["variants"] = "; ".join(sorted(variants))
            row["first_seen"], row["last_seen"] = min(dates, default=""), max(dates, default="")
            row["posts"] = "; ".join(sorted(fold_placeless_names(posts[pid])))
            row["merged_ids"] = "; ".join(m for m in members if m != pid)
            del row["dates"]
            rows.append(row)
        return rows

    def region_rows(self) -> list[dict]:
        rows = []
        for region_id in sorted(self.region_docs):
            e = self.gazetteer.get(region_id)
            if e is None:
                continue
            rows.append({
                "region_id": e.region_id, "name": e.name, "kind": e.kind, "country": e.country,
                "iso_code": e.iso_code, "parent_id": e.parent_id, "wikidata": e.wikidata,
                "lat": e.lat, "lon": e.lon, "n_mentions": self.region_mentions[region_id],
                "n_docs": len(self.region_docs[region_id]),
            })
        return rows


def frame(table: str, rows: list[dict]) -> "pd.DataFrame":
    import pandas as pd

    return pd.DataFrame(rows, columns=S.COLUMNS[table])


class TableBuilder:
    """Collects every table of a run in memory (the library's `Pipeline.run`)."""

    def __init__(self, gazetteer):
        self.rows = {t: [] for t in S.TABLES}
        self.aggregates = Aggregates(gazetteer)

    def add(self, doc: Document) -> None:
        for table, rows in document_rows(doc, self.aggregates.gazetteer).items():
            self.rows[table].extend(rows)
        self.aggregates.add(doc)

    def frames(self) -> dict[str, "pd.DataFrame"]:
        for table, rows in self.aggregates.final_rows().items():
            self.rows[table].extend(rows)
        return {t: frame(t, self.rows[t]) for t in S.TABLES}
