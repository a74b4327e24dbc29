"""Browse a run's tables in Datasette (the optional `serve` extra): `cli.py serve OUT`.

    build_database("data/processed/")     # -> data/processed/browse.sqlite (rebuilt when stale)
    serve("data/processed/", port=8001)   # Datasette on http://127.0.0.1:8001/, until Ctrl-C

The tables go into SQLite with sqlite-utils (every table but `tokens`, which is for programs,
not for browsing), with the DuckDB file's views (duck.VIEWS) written as SQLite views. The
`officials` table carries the document's `published` date and `year` and the place's `region`
name, so its page has facets by country, region, role and year. Full-text search covers
officials (person, position, region), people (name, variants) and documents (title). Every
`doc_id` links to the document's page, its text with the entities highlighted as in the
report (report.document_html), read again from the source file the run recorded.

The server listens on 127.0.0.1 only: the tables and texts are not published to the network.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from . import schema as S

DATABASE = "browse.sqlite"
NAME = "browse"  # the database's name in Datasette's URLs (the file's stem)
PLUGIN = "ru-officials"
SKIPPED = (S.TOKENS,)
SEARCH = {  # table: columns of its full-text index
    S.OFFICIALS: ["person", "position", "region"],
    S.PEOPLE: ["name", "variants"],
    S.DOCUMENTS: ["title"],
}
FACETS = {S.OFFICIALS: ["country", "region", "role", "year"],
          "officials_named": ["country", "region", "role", "year"],
          S.POSTS: ["country", "role", "category"],
          S.REGIONS: ["country", "kind"],
          S.REGION_LINKS: ["country_a", "country_b", "scope"]}
PRIMARY_KEYS = {S.DOCUMENTS: "doc_id", S.PEOPLE: "person_id", S.REGIONS: "region_id"}
INDEXED = {S.MENTIONS: ["doc_id"], S.SENTENCES: ["doc_id"], S.DATES: ["doc_id"],
           S.OFFICIALS: ["doc_id", "person_id"], S.REGION_LINKS: ["doc_id"]}

_DATE = "NULLIF(substr({col}, 1, 10), '')"
_YEAR = "CAST(NULLIF(substr({col}, 1, 4), '') AS INTEGER)"
# duck.VIEWS in SQLite's dialect
VIEWS = {
    "officials_named": f"""
        CREATE VIEW officials_named AS
        SELECT o.doc_id, d.title,
               {_DATE.format(col="d.published")} AS published_date,
               {_YEAR.format(col="d.published")} AS year,
               o.person_id, coalesce(NULLIF(p.name, ''), o.person) AS person,
               o.position, o.role, o.category, o.region_id,
               r.name AS region, r.kind AS region_kind, r.parent_id AS region_parent,
               o.organisation, o.country, o.acting, o.former, o.pattern, o.sent_id, o.start,
               o.stop
        FROM officials o
        LEFT JOIN documents d USING (doc_id)
        LEFT JOIN people p ON p.person_id = o.person_id AND o.person_id <> ''
        LEFT JOIN regions r ON r.region_id = o.region_id AND o.region_id <> ''
    """,
    "region_pairs_by_year": f"""
        CREATE VIEW region_pairs_by_year AS
        SELECT {_YEAR.format(col="published")} AS year,
               region_id_a, name_a, country_a, region_id_b, name_b, country_b,
               count(DISTINCT doc_id) AS n_docs,
               count(DISTINCT doc_id) FILTER (WHERE scope = 'sentence') AS n_docs_sentence,
               sum(n_sentences) AS n_sentences,
               min({_DATE.format(col="published")}) AS first_published,
               max({_DATE.format(col="published")}) AS last_published
        FROM region_links
        GROUP BY 1, region_id_a, name_a, country_a, region_id_b, name_b, country_b
    """,
    "place_mentions": f"""
        CREATE VIEW place_mentions AS
        SELECT m.doc_id, {_DATE.format(col="d.published")} AS published_date,
               {_YEAR.format(col="d.published")} AS year,
               m.mention_id, m.sent_id, m.start, m.stop, m.text, m.normal,
               m.entity_id AS region_id, r.name AS region, r.kind, r.country, r.iso_code,
               r.parent_id, r.lat, r.lon, m.in_boilerplate
        FROM mentions m
        JOIN regions r ON r.region_id = m.entity_id
        LEFT JOIN documents d USING (doc_id)
        WHERE m.type = 'LOC' AND m.entity_id <> ''
    """,
}


class ServeMissing(ImportError):
    """Datasette or sqlite-utils is not installed."""


def require_serve():
    try:
        import datasette  # noqa: F401
        import sqlite_utils  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as e:
        raise ServeMissing("serve needs the optional `serve` extra: "
                           "pip install -e '.[serve]' (Datasette and sqlite-utils)") from e


def _records(df):
    """Rows as dicts of plain Python values (None for missing), made lazily."""
    columns = list(df.columns)
    clean = df.astype(object).where(df.notna(), None)
    for row in clean.itertuples(index=False, name=None):
        yield dict(zip(columns, row))


def build_database(tables_dir, path=None, force: bool = False) -> Path:
    """The run's tables in one SQLite file (default OUT/browse.sqlite), built again only when
    the run finished after it was built (or `force`). Written to a temporary file and renamed,
    so a killed build leaves no half database."""
    require_serve()
    import sqlite_utils

    from .results import load_tables

    tables_dir = Path(tables_dir)
    path = Path(path) if path else tables_dir / DATABASE
    marker = tables_dir / "_SUCCESS.json"
    if path.exists() and not force and (not marker.exists()
                                        or marker.stat().st_mtime <= path.stat().st_mtime):
        return path
    tables = load_tables(tables_dir, skip=SKIPPED)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(str(tmp))
        # a temporary file renamed only when complete: no journal, no syncing per batch
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        docs = tables[S.DOCUMENTS]
        officials = tables[S.OFFICIALS].copy()
        published = dict(zip(docs["doc_id"].astype(str), docs["published"].astype(str)))
        names = dict(zip(tables[S.REGIONS]["region_id"].astype(str),
                         tables[S.REGIONS]["name"].astype(str)))
        officials["published"] = [published.get(str(d), "")[:10] for d in officials["doc_id"]]
        officials["year"] = [int(p[:4]) if p[:4].isdigit() else None
                             for p in officials["published"]]
        officials["region"] = [names.get(str(r), "") for r in officials["region_id"]]
        tables[S.OFFICIALS] = officials
        for table in S.TABLES:
            if table in SKIPPED:
                continue
            df = tables[table]
            columns = {c: _sqlite_type(df[c]) for c in df.columns}
            db[table].create(columns, pk=PRIMARY_KEYS.get(table), not_null=None)
            if len(df):
                db[table].insert_all(_records(df), batch_size=5000)
            for column in INDEXED.get(table, []):
                db[table].create_index([column])
        for table, columns in SEARCH.items():
            db[table].enable_fts(columns, create_triggers=False, tokenize="unicode61")
        for name, sql in VIEWS.items():
            db.execute(sql)
        db.conn.commit()
        db.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _sqlite_type(series) -> type:
    kind = series.dtype.kind
    return int if kind in "iub" else float if kind == "f" else str


def metadata(tables_dir) -> dict:
    """Datasette's metadata: titles, facets, the doc_id links' source folder."""
    tables = {t: {"facets": f} for t, f in FACETS.items()}
    for table in SEARCH:
        tables.setdefault(table, {})["fts_table"] = f"{table}_fts"
    tables[S.OFFICIALS]["description"] = (
        "Person–post links. published, year and region are added from the documents and "
        "regions tables; search covers person, position and region. Click a doc_id to read "
        "the document with its entities highlighted.")
    return {
        "title": f"ru-officials: {Path(tables_dir).resolve().name}",
        "description": "Tables of a run (docs/tables.md). Each doc_id opens its document.",
        "databases": {NAME: {"tables": tables}},
        "plugins": {PLUGIN: {"tables": str(Path(tables_dir).resolve())}},
    }


def serve(tables_dir, port: int = 8001, on_ready: Callable[[str], None] | None = None,
          force: bool = False) -> None:
    """Serve the run in `tables_dir` with Datasette on 127.0.0.1:`port` (0: any free port)
    until interrupted. `on_ready(url)` is called once the server accepts connections."""
    require_serve()
    import uvicorn
    from datasette.app import Datasette
    from datasette.plugins import pm

    import pipeline.serve as plugin

    db_path = build_database(tables_dir, force=force)
    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN)
    ds = Datasette([str(db_path)], metadata=metadata(tables_dir), immutables=[],
                   settings={"default_page_size": 50, "sql_time_limit_ms": 5000})
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))  # never another interface
    sock.listen(128)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/{NAME}"
    server = uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning", lifespan="on"))
    if on_ready:
        on_ready(url)  # connections wait in the socket's queue until the server accepts them
    server.run(sockets=[sock])


# -- the Datasette plugin: doc_id links, the document page --------------------------------------

try:
    from datasette import hookimpl
except ImportError:  # without the extra the module still imports (build_database says why)
    def hookimpl(f):
        return f


@hookimpl
def render_cell(value, column, table, database, datasette):
    """A doc_id in any table or view links to its document's page."""
    if column != "doc_id" or value in (None, ""):
        return None
    from markupsafe import Markup, escape

    href = datasette.urls.path(f"/-/document/{quote(str(value), safe='')}")
    return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')


@hookimpl
def register_routes():
    return [(r"^/-/document/(?P<doc_id>[^/]+)$", document_page)]


async def document_page(datasette, request):
    from urllib.parse import unquote

    from datasette.utils.asgi import Response

    doc_id = unquote(request.url_vars["doc_id"])
    db = datasette.get_database(NAME)
    config = datasette.plugin_config(PLUGIN) or {}
    page = await db.execute_fn(lambda conn: document_html_page(conn, doc_id,
                                                                config.get("tables")))
    if page is None:
        return Response.html(f"<p>No document {_esc(doc_id)} in this run.</p>", status=404)
    return Response.html(page)


def _esc(value) -> str:
    import html

    return html.escape(str(value), quote=True)


def document_html_page(conn, doc_id: str, tables_dir=None) -> str | None:
    """One document's page: its text with entities highlighted (report.document_html), its
    officials, links back to the tables. None when the run has no such document."""
    import pandas as pd

    from .report import CSS, document_html
    from .results import conform, document_texts

    def rows(table, where="doc_id = ?", args=(doc_id,)):
        return conform(table, pd.read_sql_query(f'SELECT * FROM "{table}" WHERE {where}', conn,
                                                params=args))

    docs = rows(S.DOCUMENTS)
    if docs.empty:
        return None
    mentions, sentences = rows(S.MENTIONS), rows(S.SENTENCES)
    officials = rows(S.OFFICIALS)
    dates = {(str(r.doc_id), str(r.mention_id)): r for r in rows(S.DATES).itertuples()}
    ids = sorted({str(e) for e in mentions["entity_id"] if str(e)}
                 | {str(p) for p in officials["person_id"] if str(p)})
    marks = ",".join("?" * len(ids)) or "''"
    people = rows(S.PEOPLE, f"person_id IN ({marks})", ids)
    regions = rows(S.REGIONS, f"region_id IN ({marks})", ids)
    texts, how = document_texts({S.DOCUMENTS: docs, S.SENTENCES: sentences}, [doc_id],
                                root=tables_dir)
    body = document_html(
        next(docs.itertuples()), texts.get(doc_id), how.get(doc_id),
        {doc_id: mentions}, {doc_id: sentences}, {doc_id: officials} if len(officials) else {},
        dates, dict(zip(people["person_id"].astype(str), people["name"].astype(str))),
        {str(r.region_id): r for r in regions.itertuples()}, open_=True)
    back = f"/{NAME}/officials?doc_id={quote(doc_id, safe='')}"
    return ("<!DOCTYPE html>\n<html lang='ru'><head><meta charset='utf-8'>"
            f"<title>{_esc(docs.iloc[0]['title'] or doc_id)}</title><style>{CSS}</style>"
            "</head><body><nav>"
            f"<a href='/{NAME}'>all tables</a> · <a href='{_esc(back)}'>this document's "
            f"officials</a> · <a href='/{NAME}/documents/{quote(doc_id, safe='')}'>its "
            f"documents row</a></nav>"
            "<p class='legend'><span class='m PER'>person</span> <span class='m POSITION'>"
            "position</span> <span class='m LOC'>place</span> <span class='m DATE'>date"
            "</span> <span class='m ORG'>organisation</span> <span class='bp'>boilerplate"
            "</span> · hover a highlighted span for its normal form and linked id</p>"
            f"{body}</body></html>")

