"""One document in the terminal: its text with the entities coloured, and its rows of each table.

    from rich.console import Console
    render_document(doc, console=Console())                       # a processed Document
    render_document(tables, "002_2cf5135a9f6ab4d7", Console())    # tables of an earlier run

Colours: people magenta, positions cyan (underlined), places green, dates yellow, organisations
blue, event triggers red on white (reverse); boilerplate (navigation, related-news lists) dim. A span inside another (the place in
"аким ВКО") takes its own colour. All text is shown as text: nothing from a document is read as
rich markup.
"""
from __future__ import annotations

import pandas as pd
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from . import schema as S
from .results import SENTENCES, document_texts, documents_tables, select_document

STYLES = {
    S.PER: "bold magenta",
    S.POSITION: "bold cyan underline",
    S.LOC: "bold green",
    S.DATE: "bold yellow",
    S.ORG: "bold blue",
}
LABELS = {S.PER: "person", S.POSITION: "position", S.LOC: "place", S.DATE: "date",
          S.ORG: "organisation"}
BOILERPLATE = "dim"
EVENT = "bold red reverse"  # an event's trigger word ("встретился", "подписали")
# Styles applied in this order, a later one over an earlier: outer spans first.
ORDER = (S.POSITION, S.ORG, S.LOC, S.DATE, S.PER)


def show(target: str, tables_dir=None, console: Console | None = None, options=None,
         pipeline=None) -> list[str]:
    """What `cli.py show TARGET` prints: when TARGET is an existing file or folder, its
    documents are processed now and each is shown; otherwise TARGET is a doc_id looked up in
    the tables of an earlier run in `tables_dir` (default data/processed/). Returns the
    doc_ids shown. Raises `ResultsError` when neither works."""
    from pathlib import Path

    from .results import ResultsError, load_tables, process_inputs

    console = console or Console()
    if Path(target).exists():
        tables, texts = process_inputs([target], options, pipeline)
        ids = [str(d) for d in tables[S.DOCUMENTS]["doc_id"]]
        if not ids:
            raise ResultsError(f"no documents in {target} (.txt, .jsonl, .csv, .html files)")
        for doc_id in ids:
            render_document(tables, doc_id, console, text=texts.get(doc_id, ""))
        return ids
    folder = Path(tables_dir or "data/processed/")
    if not folder.is_dir():
        raise ResultsError(f"{target!r} is not a file, and there is no tables folder {folder} "
                           f"to look it up in (give one with --tables)")
    render_document(load_tables(folder), target, console, options=options)
    return [target]


def render_document(source, doc_id: str | None = None, console: Console | None = None, *,
                    text: str | None = None, options=None) -> None:
    """Print one document to `console`: `source` is a processed `Document`, or the tables of a
    run (then `doc_id` names the document; its text comes from `text`, else from its source
    file or the sentences table, see `pipeline.results`). Raises `ResultsError` for an unknown
    `doc_id`."""
    console = console or Console()
    console.print(document_view(source, doc_id, text=text, options=options))


def document_view(source, doc_id: str | None = None, *, text: str | None = None,
                  options=None) -> Group:
    """The rich renderable `render_document` prints."""
    origin = "source"
    if isinstance(source, dict):
        if doc_id is None:
            raise ValueError("doc_id is required with tables")
        tables = source
        rows = select_document(tables, doc_id)
        if text is None:
            texts, how = document_texts(tables, [doc_id], options=options)
            text, origin = texts.get(doc_id, ""), how.get(doc_id, "")
    else:  # a processed Document
        tables, texts = documents_tables([source])
        doc_id = source.doc_id
        text = source.text if text is None else text
        rows = select_document(tables, doc_id)
    return Group(*_parts(rows, text or "", origin))


def _parts(rows: dict[str, pd.DataFrame], text: str, origin: str) -> list:
    doc = rows[S.DOCUMENTS].iloc[0]
    parts = [_header(doc, origin), _legend(), highlighted_text(rows, text)]
    people = {str(r.person_id): str(r.name) for r in rows[S.PEOPLE].itertuples()}
    regions = {str(r.region_id): r for r in rows[S.REGIONS].itertuples()}
    parts += [
        _officials(rows[S.OFFICIALS], regions),
        _people(rows[S.MENTIONS], people),
        _places(rows[S.MENTIONS], regions),
        _dates(rows[S.DATES]),
        _events(rows.get(S.EVENTS), rows.get(S.EVENT_PARTICIPANTS), regions),
        _links(rows[S.REGION_LINKS]),
    ]
    return parts


def _header(doc, origin: str) -> Panel:
    lines = Text()
    lines.append(str(doc.title or "(no title)"), style="bold")
    for label, value in (("id", doc.doc_id), ("published", doc.published or "unknown"),
                         ("source", doc.source), ("status", doc.status)):
        lines.append(f"\n{label}: ", style="dim")
        lines.append(str(value), style="red" if label == "status" and value != "ok" else "")
    if str(doc.error or ""):
        lines.append("\nerror: ", style="dim")
        lines.append(str(doc.error), style="red")
    if origin == SENTENCES:
        lines.append("\ntext rebuilt from the sentences table (source file not found or "
                     "changed): text between sentences is blank", style="yellow")
    return Panel(lines, expand=True)


def _legend() -> Text:
    legend = Text("")
    for kind in (S.PER, S.POSITION, S.LOC, S.DATE, S.ORG):
        legend.append(f" {LABELS[kind]} ", style=STYLES[kind])
    legend.append(" event ", style=EVENT)
    legend.append(" boilerplate ", style=BOILERPLATE)
    return legend


def highlighted_text(rows: dict[str, pd.DataFrame], text: str) -> Text:
    """The document's text with boilerplate dimmed and mentions coloured by type."""
    out = Text(text)
    n = len(text)
    for s in rows[S.SENTENCES].itertuples():
        if bool(s.is_boilerplate):
            out.stylize(BOILERPLATE, max(0, int(s.start)), min(n, int(s.stop)))
    mentions = rows[S.MENTIONS]
    for kind in ORDER:
        for m in mentions[mentions["type"] == kind].itertuples():
            start, stop = int(m.start), int(m.stop)
            if 0 <= start < stop <= n:
                style = STYLES[kind] + (" dim" if bool(m.in_boilerplate) else "")
                out.stylize(style, start, stop)
    for e in rows.get(S.EVENTS, pd.DataFrame(columns=["start", "stop"])).itertuples():
        start, stop = int(e.start), int(e.stop)
        if 0 <= start < stop <= n:
            out.stylize(EVENT, start, stop)
    return out


def _table(title: str, columns: list[str], rows: list[list], empty: str) -> Table | Text:
    if not rows:
        return Text(f"{title}: {empty}", style="dim")
    table = Table(title=title, title_justify="left", title_style="bold", expand=False,
                  show_lines=False, header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*[Text("" if v is None or (isinstance(v, float) and v != v) else str(v))
                        for v in row])
    return table


def _officials(df: pd.DataFrame, regions: dict) -> Table | Text:
    rows = []
    for o in df.sort_values(["start"]).itertuples():
        flags = ", ".join(f for f, on in (("acting", o.acting), ("former", o.former)) if bool(on))
        place = regions[o.region_id].name if o.region_id in regions else o.region_id
        rows.append([o.person, o.position, o.role, place or o.organisation, o.category, flags,
                     o.pattern])
    return _table("Officials", ["person", "position", "role", "place / body", "category",
                                "flags", "pattern"], rows, "none found")


def _counted(rows: list[tuple]) -> list[list]:
    """Equal rows once, in first-seen order, with how many times they occur."""
    counts: dict[tuple, int] = {}
    for row in rows:
        counts[row] = counts.get(row, 0) + 1
    return [list(row) + [n] for row, n in counts.items()]


def _people(mentions: pd.DataFrame, people: dict) -> Table | Text:
    rows = _counted([(str(m.text), str(m.normal), str(m.entity_id),
                      people.get(str(m.entity_id), ""))
                     for m in mentions[mentions["type"] == S.PER].itertuples()])
    return _table("People mentioned", ["as written", "normal form", "person_id", "person", "×"],
                  rows, "none found")


def _places(mentions: pd.DataFrame, regions: dict) -> Table | Text:
    found = []
    for m in mentions[mentions["type"] == S.LOC].itertuples():
        r = regions.get(str(m.entity_id))
        found.append((str(m.text), str(m.normal), str(m.entity_id),
                      str(r.name) if r is not None else "", str(r.kind) if r is not None else "",
                      str(r.country) if r is not None else ""))
    return _table("Places", ["as written", "normal form", "region_id", "gazetteer name",
                             "kind", "country", "×"], _counted(found), "none found")


def _dates(df: pd.DataFrame) -> Table | Text:
    rows = [[d.text, d.value, d.end_value, d.precision, d.role, d.resolved]
            for d in df.sort_values("start").itertuples()]
    return _table("Dates", ["as written", "value", "end", "precision", "role", "resolved"],
                  rows, "none found")


def _events(events, participants, regions: dict) -> Table | Text:
    """Each event with its trigger, status, date and participants (person, role, place)."""
    rows = []
    if events is not None:
        for e in events.sort_values("start").itertuples():
            sides = participants[participants["event_id"] == e.event_id] \
                if participants is not None else participants
            who = []
            for p in (sides.itertuples() if sides is not None else ()):
                place = regions[p.region_id].name if p.region_id in regions else p.region_id
                who.append(" — ".join(str(x) for x in (p.person, p.role, place) if str(x)))
            rows.append([e.event_id, e.type, e.trigger, e.status, e.date, "; ".join(who)])
    return _table("Events", ["id", "type", "trigger", "status", "date", "participants"], rows,
                  "none found")


def _links(df: pd.DataFrame) -> Table | Text:
    rows = [[f"{r.name_a} ({r.region_id_a})", f"{r.name_b} ({r.region_id_b})", r.scope,
             r.n_sentences] for r in df.itertuples()]
    return _table("Region links", ["place a", "place b", "scope", "sentences"], rows,
                  "none (no places of two countries)")
