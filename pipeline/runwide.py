"""Run-wide steps out of core: people across documents, the posts timeline, places' counts and
posts named without their holder, computed by DuckDB from Parquet files on disk.

`tables.Aggregates` keeps what these steps need in Python sets and dicts until the end of a
run, so its memory grows with the number of documents. `RunWide` takes the same documents and
at once writes what each contributes to a few *staging* tables: Parquet files in a hidden
temporary folder of the output folder (`.runwide.PID.tmp/`), a row group every
`flush_rows` rows, so the process holds at most that many rows. When every document is in,
`final_chunks` runs the steps as SQL over those files in a DuckDB database in the same folder,
with a memory limit (DuckDB spills to the folder beyond it), and hands the tables' rows back
in chunks of `chunk_rows`, in the order `Aggregates.final_rows` gives them; the bytes of the
tables are the same.

What stays in Python memory at the end is bounded by the chunk size, except the people
merge (`people.merge_people`), which takes one compact row per distinct person of the run
(name parts, mentions, posts): it grows with the distinct names a corpus has, not with its
documents, and is dropped as soon as the merged ids are in DuckDB.

Staging tables (one row per ...):

- `people_docs`: person named in a document (name parts, mentions, variants, day published);
- `links`: officials row of a document (the person, the post and its place);
- `open_posts`: post a document names without its holder (an officials row with no person);
- `open_people`: person of a document with open posts, with the spans of their mentions;
- `places`: place (or a place containing it) a document names, with its own mentions.

`seq` numbers each staging table's rows in run order: "the first seen" (a person's name
parts, a post's person and category) is the row of least `seq`. `docseq` numbers documents,
so two documents with one id stay apart where `Aggregates` keeps them apart.

A new per-document table joins in the same way: a function of a document giving its staging
rows (`STAGING` names its columns) and a step in `final_chunks` reading them.
"""
from __future__ import annotations

import itertools
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from . import schema as S
from .records import Document, Official
from .served import one_row_per_post
from .tables import fold_placeless_names, official_row

# Rows the staging tables hold in memory before they are written as a row group.
FLUSH_ROWS = 20_000
# Rows of a final table handed to the writer at a time.
CHUNK_ROWS = 5_000
# DuckDB's memory for the final steps; beyond it, it spills to the work folder.
MEMORY_LIMIT = "128MB"
WORK_PREFIX = ".runwide."

_OFFICIAL_FIELDS = ["person_id", "person", "position", "role", "region_id", "organisation",
                    "country", "sent_id", "start", "stop", "person_start", "person_stop",
                    "position_text", "category", "acting", "former", "pattern", "place_from",
                    "seat_id", "n_mentions"]
_INT_FIELDS = {"sent_id", "start", "stop", "person_start", "person_stop", "n_mentions"}
_BOOL_FIELDS = {"acting", "former"}

# staging table -> [(column, arrow type name)]
STAGING: dict[str, list[tuple[str, str]]] = {
    "people_docs": [("seq", "int"), ("docseq", "int"), ("doc_id", "str"), ("person_id", "str"),
                    ("name", "str"), ("first", "str"), ("middle", "str"), ("last", "str"),
                    ("gender", "str"), ("n_mentions", "int"), ("variants", "list"),
                    ("day", "str")],
    "links": [("seq", "int"), ("doc_id", "str"), ("person_id", "str"), ("person", "str"),
              ("role", "str"), ("region_id", "str"), ("country", "str"), ("category", "str"),
              ("position", "str"), ("acting", "bool"), ("former", "bool"), ("day", "str")],
    "open_posts": [("seq", "int"), ("docseq", "int"), ("doc_id", "str"), ("day", "str")] + [
        (f, "int" if f in _INT_FIELDS else "bool" if f in _BOOL_FIELDS else "str")
        for f in _OFFICIAL_FIELDS],
    "open_people": [("docseq", "int"), ("person_id", "str"), ("name", "str"),
                    ("starts", "intlist"), ("stops", "intlist")],
    "places": [("docseq", "int"), ("doc_id", "str"), ("region_id", "str"),
               ("n_mentions", "int")],
}


def _arrow_schema(table: str):
    import pyarrow as pa

    kinds = {"int": pa.int64(), "bool": pa.bool_(), "str": pa.string(),
             "list": pa.list_(pa.string()), "intlist": pa.list_(pa.int64())}
    return pa.schema([(c, kinds[k]) for c, k in STAGING[table]])


def with_parents(region_id: str, gazetteer) -> list[str]:
    """The place and every place containing it (Aggregates._with_parents)."""
    seen = []
    while region_id and region_id not in seen:
        seen.append(region_id)
        entry = gazetteer.get(region_id)
        region_id = entry.parent_id if entry else ""
    return seen


class RunWide:
    """People, posts, regions and corpus-resolved officials of a run, out of core.

    `add(doc)` per document in run order (a slim one will do: runner.slim), then
    `final_chunks()` once; `close()` always (it removes the work folder)."""

    def __init__(self, gazetteer, out_dir, flush_rows: int = FLUSH_ROWS,
                 chunk_rows: int = CHUNK_ROWS, memory_limit: str = MEMORY_LIMIT):
        self.gazetteer = gazetteer
        self.work = Path(out_dir) / f"{WORK_PREFIX}{os.getpid()}.tmp"
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        self.flush_rows, self.chunk_rows, self.memory_limit = flush_rows, chunk_rows, memory_limit
        self._rows = {t: [] for t in STAGING}
        self._buffered = 0
        self._writers = {}
        self._finished = False
        self._seq = {t: 0 for t in STAGING}
        self._docseq = 0

    # -- documents in --------------------------------------------------------------------------
    def add(self, doc: Document) -> None:
        docseq, self._docseq = self._docseq, self._docseq + 1
        day = doc.published[:10] if doc.published else None
        for p in doc.people:
            self._put("people_docs", docseq, doc.doc_id, p.person_id, p.name, p.first,
                      p.middle, p.last, p.gender, len(p.mentions), list(p.variants), day)
        for o in doc.officials:
            self._put_link(doc.doc_id, o, day)
        if doc.open_posts:
            for o in doc.open_posts:
                self._put("open_posts", docseq, doc.doc_id, day,
                          *(getattr(o, f) for f in _OFFICIAL_FIELDS))
            present = {p.person_id: p for p in doc.people}  # the last of an id wins, as there
            for p in present.values():
                self._rows["open_people"].append(
                    (docseq, p.person_id, p.name, [m.start for m in p.mentions],
                     [m.stop for m in p.mentions]))
        own, places = {}, {}
        for m in doc.places:
            if not m.entity_id:
                continue
            for region_id in with_parents(m.entity_id, self.gazetteer):
                places.setdefault(region_id, 0)
            own[m.entity_id] = own.get(m.entity_id, 0) + 1
        for region_id in places:
            self._rows["places"].append((docseq, doc.doc_id, region_id, own.get(region_id, 0)))
        self._buffered += len(doc.people) + len(doc.officials) + len(places) + 1
        if self._buffered >= self.flush_rows:
            self._flush()

    def _put(self, table: str, *values) -> None:
        seq, self._seq[table] = self._seq[table], self._seq[table] + 1
        self._rows[table].append((seq, *values))

    def _put_link(self, doc_id: str, o: Official, day) -> None:
        self._put("links", doc_id, o.person_id, o.person, o.role, o.region_id, o.country,
                  o.category, o.position, bool(o.acting), bool(o.former), day)

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, rows in self._rows.items():
            if not rows:
                continue
            schema = _arrow_schema(table)
            columns = list(zip(*rows))
            data = pa.table({name: pa.array(col, schema.field(name).type)
                             for name, col in zip(schema.names, columns)}, schema=schema)
            writer = self._writers.get(table)
            if writer is None:
                writer = self._writers[table] = pq.ParquetWriter(
                    self.work / f"{table}.parquet", schema, compression="zstd")
            writer.write_table(data)
            rows.clear()
        self._buffered = 0

    def _finish_staging(self) -> None:
        import pyarrow.parquet as pq

        if self._finished:
            return
        self._flush()
        for table in STAGING:
            if table not in self._writers:  # no rows: an empty file with the columns
                self._writers[table] = pq.ParquetWriter(self.work / f"{table}.parquet",
                                                        _arrow_schema(table))
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()
        self._finished = True

    # -- tables out ----------------------------------------------------------------------------
    def final_chunks(self) -> Iterator[tuple[str, list[dict]]]:
        """(table, rows) chunks of the run-wide tables, each table's rows in order: officials
        resolved across documents (they add to the posts), then people, regions and posts."""
        self._finish_staging()
        from .duck import require_duckdb

        duckdb = require_duckdb()
        con = duckdb.connect(str(self.work / "runwide.duckdb"))
        try:
            con.execute(f"SET memory_limit = '{self.memory_limit}'")
            con.execute(f"SET temp_directory = '{self.work / 'spill'}'")
            con.execute("SET threads = 1")  # the workers have the cores
            con.execute("SET preserve_insertion_order = false")  # every result is ORDER BY
            for table in STAGING:
                con.execute(f"CREATE VIEW {table} AS SELECT * FROM "
                            f"read_parquet('{self.work / (table + '.parquet')}')")
            yield from self._resolve_open_posts(con)
            self._identities(con)
            yield from self._people(con)
            yield from self._regions(con)
            yield from self._posts(con)
        finally:
            con.close()

    def _chunks(self, con, sql: str, make) -> Iterator[list]:
        """Rows of `sql` through `make(row dict)`, `chunk_rows` at a time."""
        cursor = con.cursor().execute(sql)
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(self.chunk_rows):
            rows = [r for r in (make(dict(zip(names, values))) for values in batch) if r]
            if rows:
                yield rows

    def _resolve_open_posts(self, con) -> Iterator[tuple[str, list[dict]]]:
        """Aggregates.resolve_open_posts: an open post takes the one person of its document
        whom the run's other officials rows link to the same role and place (or, for a post
        named without a place, whom its own document links to the role)."""
        con.execute("CREATE TABLE resolved_links AS SELECT * FROM links LIMIT 0")
        con.execute("""CREATE TABLE resolved (
            seq BIGINT, doc_id VARCHAR, start BIGINT, row_json VARCHAR)""")
        with_place = """
            SELECT o.seq, min(h.person_id) AS person_id
            FROM open_posts o
            JOIN open_people p ON p.docseq = o.docseq
            JOIN (SELECT DISTINCT role, region_id, person_id FROM links) h
              ON h.role = o.role AND h.region_id = o.region_id AND h.person_id = p.person_id
            WHERE o.region_id <> ''
            GROUP BY o.seq HAVING count(DISTINCT h.person_id) = 1"""
        self._link_resolved(con, with_place, 0)
        # Posts named bare ("Губернатор также напомнил ...") take the holder their document
        # links to the same role, the posts just resolved included.
        bare = """
            SELECT o.seq, min(h.person_id) AS person_id
            FROM open_posts o
            JOIN open_people p ON p.docseq = o.docseq
            JOIN (SELECT DISTINCT doc_id, role, person_id FROM links
                  UNION SELECT DISTINCT doc_id, role, person_id FROM resolved_links) h
              ON h.doc_id = o.doc_id AND h.role = o.role AND h.person_id = p.person_id
            WHERE o.region_id = ''
            GROUP BY o.seq HAVING count(DISTINCT h.person_id) = 1"""
        self._link_resolved(con, bare, 1)
        con.execute("CREATE VIEW all_links AS SELECT * FROM links UNION ALL "
                    "SELECT * FROM resolved_links")
        import json

        rows = (json.loads(r["row_json"]) for chunk in self._chunks(
            con, "SELECT row_json FROM resolved ORDER BY doc_id, seq", dict) for r in chunk)
        out = []
        for _, group in itertools.groupby(rows, key=lambda r: r["doc_id"]):
            # one person, one post, one row in each document (as Aggregates and served do)
            group = list(group)
            doc_id = group[0]["doc_id"]
            officials = [Official(**{k: v for k, v in r.items() if k != "doc_id"})
                         for r in group]
            out += [official_row(doc_id, o)
                    for o in one_row_per_post(officials, self.gazetteer)]
            if len(out) >= self.chunk_rows:
                yield S.OFFICIALS, out
                out = []
        if out:
            yield S.OFFICIALS, out

    def _link_resolved(self, con, found_sql: str, rank: int) -> None:
        """The officials rows and post links of the open posts `found_sql` resolves, in run
        order after those of lower `rank` (posts with a place go first)."""
        import json

        import pyarrow as pa

        fields = ", ".join(f"o.{f}" for f in _OFFICIAL_FIELDS)
        offset = con.execute("SELECT count(*) FROM links").fetchall()[0][0] + \
            con.execute("SELECT count(*) FROM resolved_links").fetchall()[0][0]
        # a cursor of its own: the inserts below run on `con` while it is read
        cursor = con.cursor().execute(f"""
            SELECT o.seq, o.doc_id, o.day, {fields}, f.person_id AS found,
                   p.name AS found_name, p.starts, p.stops
            FROM ({found_sql}) f
            JOIN open_posts o ON o.seq = f.seq
            JOIN open_people p ON p.docseq = o.docseq AND p.person_id = f.person_id
            ORDER BY o.seq""")
        names = [d[0] for d in cursor.description]
        links_schema = _arrow_schema("links")
        while batch := cursor.fetchmany(self.chunk_rows):
            links, resolved = [], []
            for values in batch:
                r = dict(zip(names, values))
                o = Official(**{f: r[f] for f in _OFFICIAL_FIELDS})
                start, stop = min(zip(r["starts"], r["stops"]),
                                  key=lambda sp: abs(sp[0] - o.start))
                linked = replace(o, person_id=r["found"], person=r["found_name"],
                                 person_start=start, person_stop=stop, pattern="corpus")
                links.append((offset + len(links), r["doc_id"], linked.person_id,
                              linked.person, linked.role, linked.region_id, linked.country,
                              linked.category, linked.position, bool(linked.acting),
                              bool(linked.former), r["day"]))
                row = official_row(r["doc_id"], linked)
                resolved.append((rank * (1 << 40) + r["seq"], r["doc_id"], linked.start,
                                 json.dumps(row)))
            offset += len(links)
            data = pa.table({n: pa.array(c, links_schema.field(n).type)
                             for n, c in zip(links_schema.names, zip(*links))},
                            schema=links_schema)
            con.register("_new_links", data)
            con.execute("INSERT INTO resolved_links SELECT * FROM _new_links")
            con.unregister("_new_links")
            seq, doc_id, start, row_json = zip(*resolved)
            con.register("_new_rows", pa.table({
                "seq": pa.array(seq, pa.int64()), "doc_id": pa.array(doc_id, pa.string()),
                "start": pa.array(start, pa.int64()),
                "row_json": pa.array(row_json, pa.string())}))
            con.execute("INSERT INTO resolved SELECT * FROM _new_rows")
            con.unregister("_new_rows")

    def _identities(self, con) -> None:
        """people.merge_people over one row per distinct person; the ids it joins go to a
        DuckDB table `ids` (person_id -> the run's person_id)."""
        from .people import merge_people

        import pyarrow as pa

        people = {}
        cursor = con.execute("""
            WITH pe AS (
                SELECT person_id, arg_min(name, seq) AS name, arg_min(first, seq) AS first,
                       arg_min(middle, seq) AS middle, arg_min(last, seq) AS last,
                       arg_min(gender, seq) AS gender, sum(n_mentions) AS n_mentions
                FROM people_docs GROUP BY person_id),
            po AS (
                SELECT person_id, list(DISTINCT [role, region_id]) AS posts
                FROM all_links GROUP BY person_id)
            SELECT pe.*, po.posts FROM pe LEFT JOIN po USING (person_id)""")
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(self.chunk_rows):
            for values in batch:
                r = dict(zip(names, values))
                r["posts"] = {(role, region) for role, region in (r["posts"] or [])}
                r["n_mentions"] = int(r["n_mentions"])
                people[r["person_id"]] = r
        mapping = merge_people(people)
        del people
        joined = [(pid, rep) for pid, rep in mapping.items() if pid != rep]
        del mapping
        data = pa.table({"person_id": pa.array([p for p, _ in joined], pa.string()),
                         "rep": pa.array([r for _, r in joined], pa.string())})
        con.register("_ids", data)
        con.execute("CREATE TABLE ids AS SELECT * FROM _ids")
        con.unregister("_ids")

    def _people(self, con) -> Iterator[tuple[str, list[dict]]]:
        """Aggregates.people_rows: one row per person of the run, merged ids joined."""
        gazetteer = self.gazetteer

        def make(r):
            posts = {f"{role} ({gazetteer.get(region).name})"
                     if region and gazetteer.get(region) else role
                     for role, region in (r["posts"] or [])}
            return {
                "person_id": r["rep"], "name": r["name"], "first": r["first"],
                "middle": r["middle"], "last": r["last"], "gender": r["gender"],
                "n_mentions": int(r["n_mentions"]), "n_docs": r["n_docs"],
                "variants": "; ".join(sorted(set(r["variants"]))),
                "first_seen": r["first_seen"] or "", "last_seen": r["last_seen"] or "",
                "posts": "; ".join(sorted(fold_placeless_names(posts))),
                "merged_ids": "; ".join(m for m in sorted(r["members"]) if m != r["rep"]),
            }

        sql = """
            WITH pd AS (
                SELECT coalesce(ids.rep, d.person_id) AS rep, d.*
                FROM people_docs d LEFT JOIN ids USING (person_id)),
            pe AS (  -- each person as first seen
                SELECT person_id, arg_min(name, seq) AS name, arg_min(first, seq) AS first,
                       arg_min(middle, seq) AS middle, arg_min(last, seq) AS last,
                       arg_min(gender, seq) AS gender
                FROM people_docs GROUP BY person_id),
            grp AS (
                SELECT rep, sum(n_mentions) AS n_mentions, count(DISTINCT doc_id) AS n_docs,
                       min(day) AS first_seen, max(day) AS last_seen,
                       list(DISTINCT person_id) AS members
                FROM pd GROUP BY rep),
            var AS (
                SELECT rep, list(DISTINCT v) AS variants FROM (
                    SELECT rep, unnest(variants) AS v FROM pd
                    UNION ALL
                    SELECT coalesce(ids.rep, pe.person_id), pe.name
                    FROM pe LEFT JOIN ids USING (person_id))
                GROUP BY rep),
            po AS (
                SELECT coalesce(ids.rep, l.person_id) AS rep,
                       list(DISTINCT [l.role, l.region_id]) AS posts
                FROM all_links l LEFT JOIN ids USING (person_id) GROUP BY 1)
            SELECT grp.*, pe.name, pe.first, pe.middle, pe.last, pe.gender, var.variants,
                   po.posts
            FROM grp
            JOIN pe ON pe.person_id = grp.rep
            JOIN var USING (rep)
            LEFT JOIN po USING (rep)
            ORDER BY grp.rep"""
        yield from ((S.PEOPLE, rows) for rows in self._chunks(con, sql, make))

    def _regions(self, con) -> Iterator[tuple[str, list[dict]]]:
        """Aggregates.region_rows: each place with its own mentions and the documents naming
        it or a place inside it."""
        def make(r):
            e = self.gazetteer.get(r["region_id"])
            if e is None:
                return None
            return {"region_id": e.region_id, "name": e.name, "kind": e.kind,
                    "country": e.country, "iso_code": e.iso_code, "parent_id": e.parent_id,
                    "wikidata": e.wikidata, "lat": e.lat, "lon": e.lon,
                    "n_mentions": int(r["n_mentions"]), "n_docs": r["n_docs"]}

        sql = """SELECT region_id, sum(n_mentions) AS n_mentions,
                        count(DISTINCT doc_id) AS n_docs
                 FROM places GROUP BY region_id ORDER BY region_id"""
        yield from ((S.REGIONS, rows) for rows in self._chunks(con, sql, make))

    def _posts(self, con) -> Iterator[tuple[str, list[dict]]]:
        """Aggregates.post_rows: one row per (person, role, place) of the run, people joined
        across documents. Its person and category are those of the post first seen; its
        country the first given, looking at the posts in the order first seen."""
        def make(r):
            entry = self.gazetteer.get(r["region_id"]) if r["region_id"] else None
            return {
                "person_id": r["rep"], "person": r["name"] if r["name"] is not None
                else r["person"], "role": r["role"], "region_id": r["region_id"],
                "region": entry.name if entry else "", "country": r["country"] or "",
                "category": r["category"], "first_seen": r["first_seen"] or "",
                "last_seen": r["last_seen"] or "", "n_docs": r["n_docs"],
                "n_links": r["n_links"], "positions": "; ".join(sorted(r["positions"])),
                "acting": r["acting"], "former": r["former"],
            }

        sql = """
            WITH own AS (  -- per post of a document-level person, as Aggregates keeps them
                SELECT person_id, role, region_id, min(seq) AS kseq,
                       arg_min(person, seq) AS person, arg_min(category, seq) AS category,
                       arg_min(country, seq) FILTER (WHERE country <> '') AS country
                FROM all_links GROUP BY person_id, role, region_id),
            keyed AS (
                SELECT coalesce(ids.rep, own.person_id) AS rep, own.*
                FROM own LEFT JOIN ids USING (person_id)),
            firsts AS (
                SELECT rep, role, region_id, arg_min(person, kseq) AS person,
                       arg_min(category, kseq) AS category,
                       arg_min(country, kseq) FILTER (WHERE country IS NOT NULL) AS country
                FROM keyed GROUP BY rep, role, region_id),
            keyed_links AS (
                SELECT coalesce(ids.rep, l.person_id) AS rep, l.*
                FROM all_links l LEFT JOIN ids USING (person_id)),
            placed AS (  -- tables.fold_placeless_posts: a post named without its place
                SELECT rep, role, min(region_id) AS target  -- joins the one with a place
                FROM keyed_links WHERE region_id <> '' GROUP BY rep, role
                HAVING count(DISTINCT region_id) = 1),
            totals AS (
                SELECT k.rep, k.role,
                       CASE WHEN k.region_id = '' AND p.target IS NOT NULL THEN p.target
                            ELSE k.region_id END AS region_id,
                       min(k.day) AS first_seen, max(k.day) AS last_seen,
                       count(DISTINCT k.doc_id) AS n_docs, count(*) AS n_links,
                       list(DISTINCT k.position) AS positions, bool_or(k.acting) AS acting,
                       bool_or(k.former) AS former
                FROM keyed_links k LEFT JOIN placed p USING (rep, role) GROUP BY 1, 2, 3),
            names AS (
                SELECT person_id AS rep, arg_min(name, seq) AS name
                FROM people_docs GROUP BY person_id)
            SELECT totals.*, firsts.person, firsts.category, firsts.country, names.name
            FROM totals JOIN firsts USING (rep, role, region_id)
            LEFT JOIN names USING (rep)
            ORDER BY rep, role, region_id"""
        yield from ((S.POSTS, rows) for rows in self._chunks(con, sql, make))

    def close(self) -> None:
        for writer in self._writers.values():
            try:
                writer.close()
            except Exception:  # noqa: BLE001 - removing the folder anyway
                pass
        self._writers.clear()
        shutil.rmtree(self.work, ignore_errors=True)
