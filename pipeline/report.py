"""One self-contained HTML report of a run: summary, charts, searchable tables, highlighted texts.

    build_report(tables, texts, "report.html")        # tables: {name: DataFrame}; texts optional
    make_report("report.html", tables_dir="data/processed/")   # what `cli.py report` calls

The page needs no network: CSS and JavaScript are inline, charts are inline SVG drawn here
(mentions per region; Russia–Kazakhstan region pairs on a map from the gazetteer's
coordinates; officials' appearances over time), and a Content-Security-Policy lets only the
page's own script run and nothing load. Every piece of text from the documents and tables is
escaped with `html.escape`, so an article containing `<script>` shows it as text.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from . import schema as S
from .results import SENTENCES, ResultsError, document_texts, load_tables, process_inputs

MAX_DOCUMENTS = 100  # texts shown, highlighted: those the map and tables point to first
MAX_TABLE_ROWS = 500  # rows a table shows (the strongest first); its heading says the total
COUNTRY_COLOURS = {"RU": "#c0392b", "KZ": "#1f77b4"}
OTHER_COLOUR = "#7f7f7f"
TYPE_NAMES = {S.PER: "person", S.POSITION: "position", S.LOC: "place", S.DATE: "date",
              S.ORG: "organisation"}
# Nesting order of spans starting at the same offset and of equal length: outer first.
_RANK = {"bp": 0, S.POSITION: 1, S.ORG: 2, S.LOC: 3, S.DATE: 4, S.PER: 5}


def esc(value) -> str:
    """Any value as escaped HTML text ("" for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(str(value), quote=True)


@dataclass
class ReportResult:
    path: Path
    documents: int = 0
    texts: int = 0  # documents shown with their text
    rebuilt: int = 0  # texts rebuilt from the sentences table
    notes: list = field(default_factory=list)


# -- entry points ---------------------------------------------------------------------------------

def make_report(out_path, tables_dir=None, inputs: Iterable | None = None, options=None,
                pipeline=None, max_documents: int = MAX_DOCUMENTS,
                progress=None) -> ReportResult:
    """The report of `inputs` (run through the pipeline now, in memory; `progress(doc)` after
    each document) or, without inputs, of the tables in `tables_dir` (texts from their source
    files, read for the documents shown only; see `pipeline.results`). Raises `ResultsError`
    for missing inputs or tables."""
    if inputs:
        missing = [str(p) for p in inputs if not Path(p).exists()]
        if missing:
            raise ResultsError(f"input path does not exist: {', '.join(missing)}")
        tables, texts = process_inputs(inputs, options, pipeline, progress)
        how = {d: "source" for d in texts}
        origin = ", ".join(str(p) for p in inputs)
    else:
        tables_dir = Path(tables_dir or "data/processed/")
        tables = load_tables(tables_dir, skip=(S.TOKENS,))  # the report shows no token
        wanted = documents_to_show(tables, max_documents)
        texts, how = document_texts(tables, doc_ids=wanted, options=options)
        origin = str(tables_dir)
    path = build_report(tables, texts, out_path, origin=origin, text_origin=how,
                        max_documents=max_documents)
    n_docs = len(tables[S.DOCUMENTS])
    result = ReportResult(path=path, documents=n_docs, texts=min(n_docs, max_documents),
                          rebuilt=sum(1 for v in how.values() if v == SENTENCES))
    if n_docs > max_documents:
        result.notes.append(f"texts of {max_documents} of {n_docs} documents shown (those the "
                            f"tables and the map point to first; --max-documents for more)")
    if result.rebuilt:
        result.notes.append(f"{result.rebuilt} texts rebuilt from the sentences table "
                            f"(source files not found or changed)")
    return result


PER_PAIR = 2  # texts shown for each of the map's pairs, before the rest


def documents_to_show(tables: dict[str, pd.DataFrame], n: int) -> list[str]:
    """The `n` documents whose texts the report shows, in this order: up to PER_PAIR naming
    each of the map's pairs (strongest first; of a pair's documents, those naming both in one
    sentence and with most official links), then those with most official links (what the
    officials table shows first), then the rest in input order."""
    docs = [str(d) for d in tables[S.DOCUMENTS]["doc_id"]]
    if len(docs) <= n:
        return docs
    chosen: dict[str, None] = {}
    coords, edges = _pair_edges(tables[S.REGIONS], tables[S.REGION_LINKS])
    position = {d: i for i, d in enumerate(docs)}
    n_officials = tables[S.OFFICIALS]["doc_id"].astype(str).value_counts()
    for pair in strongest_pairs(edges, coords, MAX_PAIRS):
        e = edges[pair]
        # a pair's documents naming both in one sentence, with most officials, first
        best = sorted(e["docs"], key=lambda d: (d not in e["sentence_docs"],
                                                -n_officials.get(d, 0), position.get(d, 0)))
        for d in best[:PER_PAIR]:
            if len(chosen) < n:
                chosen[d] = None
    for d in list(n_officials.index) + docs:
        if len(chosen) >= n:
            break
        chosen[d] = None
    return list(chosen)


def build_report(tables: dict[str, pd.DataFrame], texts: dict[str, str] | None, out_path,
                 *, title: str = "Officials and places in the news", origin: str = "",
                 text_origin: dict[str, str] | None = None,
                 max_documents: int = MAX_DOCUMENTS) -> Path:
    """Write the report to `out_path` (atomically) and return its path."""
    page = report_html(tables, texts, title=title, origin=origin, text_origin=text_origin,
                       max_documents=max_documents)
    out = Path(out_path)
    if out.parent and not out.parent.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    return out


def report_html(tables: dict[str, pd.DataFrame], texts: dict[str, str] | None = None, *,
                title: str = "Officials and places in the news", origin: str = "",
                text_origin: dict[str, str] | None = None,
                max_documents: int = MAX_DOCUMENTS) -> str:
    """The report as one HTML string."""
    from .results import conform

    tables = {t: conform(t, tables[t]) if t in tables else conform(t, pd.DataFrame())
              for t in S.TABLES}
    texts = texts or {}
    shown = documents_to_show(tables, max_documents)
    body = [
        f"<header><h1>{esc(title)}</h1>"
        f"<p class='sub'>{esc(origin)}</p></header>",
        _nav(),
        _summary(tables),
        "<section id='charts'><h2>Charts</h2>",
        "<div class='chart'><h3>Mentions per place</h3>", bar_chart_regions(tables[S.REGIONS]),
        "</div>",
        "<div class='chart'><h3>Russia–Kazakhstan region pairs</h3>",
        pairs_map(tables[S.REGIONS], tables[S.REGION_LINKS]), "</div>",
        "<div class='chart'><h3>Officials' appearances over time</h3>",
        officials_timeline(tables[S.OFFICIALS], tables[S.DOCUMENTS]), "</div>",
        "<div class='chart'><h3>Events per month, by type</h3>",
        events_by_month(tables[S.EVENTS]), "</div>",
        "</section>",
        _tables_section(tables, set(shown)),
        _documents_section(tables, texts, text_origin or {}, shown),
        "<footer>Generated by ru-officials-pipeline. Tables: docs/tables.md.</footer>",
    ]
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src 'sha256-{script_hash}'")
    return (
        "<!DOCTYPE html>\n<html lang='ru'>\n<head>\n<meta charset='utf-8'>\n"
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


# -- summary --------------------------------------------------------------------------------------

def _nav() -> str:
    links = [("summary", "Summary"), ("charts", "Charts"), ("tables", "Tables"),
             ("documents", "Documents")]
    return "<nav>" + " · ".join(f"<a href='#{a}'>{t}</a>" for a, t in links) + "</nav>"


def _summary(tables) -> str:
    docs = tables[S.DOCUMENTS]
    ok = int((docs["status"] == "ok").sum())
    published = sorted(d for d in (_date(v) for v in docs["published"]) if d)
    mentions = Counter(tables[S.MENTIONS]["type"].astype(str))
    links = tables[S.REGION_LINKS]
    ru_kz = links[_ru_kz(links)]
    officials = tables[S.OFFICIALS]
    named = officials[officials["person_id"].astype(str) != ""]
    cards = [
        ("documents", len(docs), f"{len(docs) - ok} failed" if len(docs) - ok else "all read"),
        ("people", len(tables[S.PEOPLE]), f"{mentions.get(S.PER, 0)} name mentions"),
        ("officials", named["person_id"].nunique(), f"{len(named)} person–post links"),
        ("posts", len(tables[S.POSTS]), "person, role, place"),
        ("places", int((tables[S.REGIONS]["n_mentions"].fillna(0) > 0).sum()),
         f"{mentions.get(S.LOC, 0)} place mentions"),
        ("RU–KZ pairs", len(ru_kz[["region_id_a", "region_id_b"]].drop_duplicates()),
         f"in {ru_kz['doc_id'].nunique()} documents"),
        ("dates", len(tables[S.DATES]),
         f"{int((tables[S.DATES]['value'].astype(str) != '').sum())} with a value"),
        ("organisations", mentions.get(S.ORG, 0), "mentions"),
    ]
    period = (f"published {published[0].isoformat()} – {published[-1].isoformat()} "
              f"({len(published)} of {len(docs)} documents dated)" if published
              else "no publication dates")
    html_cards = "".join(
        f"<div class='card'><div class='n'>{esc(n)}</div><div class='k'>{esc(k)}</div>"
        f"<div class='d'>{esc(d)}</div></div>" for k, n, d in cards)
    errors = tables[S.ERRORS]
    error_list = ""
    if len(errors):
        items = "".join(f"<li><code>{esc(e.doc_id)}</code> ({esc(e.stage)}): {esc(e.message)}</li>"
                        for e in errors.head(20).itertuples())
        error_list = f"<details><summary>{len(errors)} errors</summary><ul>{items}</ul></details>"
    return (f"<section id='summary'><h2>Summary</h2><div class='cards'>{html_cards}</div>"
            f"<p>{esc(period)}</p>{error_list}</section>")


def _date(value) -> date | None:
    text = "" if value is None or value is pd.NA else str(value)
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def _ru_kz(links: pd.DataFrame) -> pd.Series:
    a, b = links["country_a"].astype(str), links["country_b"].astype(str)
    return ((a == "KZ") & (b == "RU")) | ((a == "RU") & (b == "KZ"))


# -- charts (inline SVG) --------------------------------------------------------------------------

def _svg(width: int, height: int, parts: list[str], label: str) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
            f"width='{width}' height='{height}' role='img' aria-label='{esc(label)}'>"
            + "".join(parts) + "</svg>")


def _empty_chart(message: str) -> str:
    return f"<p class='empty'>{esc(message)}</p>"


def bar_chart_regions(regions: pd.DataFrame, top: int = 20) -> str:
    """Horizontal bars: direct mentions per place (the `top` most mentioned), by country."""
    df = regions[regions["n_mentions"].fillna(0) > 0].copy()
    if df.empty:
        return _empty_chart("No places linked to the gazetteer.")
    df["n_mentions"] = df["n_mentions"].astype(int)
    df = df.sort_values(["n_mentions", "name"], ascending=[False, True]).head(top)
    label_w, bar_w, row_h, top_pad = 270, 400, 22, 10
    most = int(df["n_mentions"].max())
    height = top_pad * 2 + row_h * len(df) + 18
    parts = []
    for i, r in enumerate(df.itertuples()):
        y = top_pad + i * row_h
        w = max(2.0, bar_w * int(r.n_mentions) / most)
        colour = COUNTRY_COLOURS.get(str(r.country), OTHER_COLOUR)
        tip = f"{r.name} ({r.region_id}, {r.kind}, {r.country}): {r.n_mentions} mentions in " \
              f"{r.n_docs} documents"
        parts.append(
            f"<g><title>{esc(tip)}</title>"
            f"<text x='{label_w - 6}' y='{y + 15}' text-anchor='end' class='lbl'>"
            f"{esc(_short(str(r.name), 38))}</text>"
            f"<rect x='{label_w}' y='{y + 3}' width='{w:.1f}' height='{row_h - 6}' "
            f"fill='{colour}'/>"
            f"<text x='{label_w + w + 4:.1f}' y='{y + 15}' class='num'>{int(r.n_mentions)}</text>"
            f"</g>")
    y = height - 10
    parts.append(_legend_svg(10, y, [("Russia", COUNTRY_COLOURS["RU"]),
                                     ("Kazakhstan", COUNTRY_COLOURS["KZ"]),
                                     ("other", OTHER_COLOUR)]))
    return _svg(label_w + bar_w + 60, height, parts, "Mentions per place")


def _legend_svg(x: float, y: float, items: list[tuple[str, str]]) -> str:
    out = []
    for label, colour in items:
        out.append(f"<rect x='{x:.1f}' y='{y - 9:.1f}' width='10' height='10' fill='{colour}'/>"
                   f"<text x='{x + 14:.1f}' y='{y:.1f}' class='lbl'>{esc(label)}</text>")
        x += 24 + 7 * len(label)
    return "".join(out)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@lru_cache(maxsize=1)
def borders() -> dict:
    """The map's backdrop (pipeline/data/borders.json, from Natural Earth, public domain; built
    by scripts/build_borders.py): Russia's and Kazakhstan's shapes, neighbours' borders, coasts
    and the two countries' first-level borders, as lists of [lon, lat] lines. {} when absent."""
    try:
        return json.loads((ASSETS / "borders.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


MAX_PAIRS = 40  # pairs drawn on the map, the strongest (most documents) first
BACKDROP = [  # (borders.json key, SVG attributes): drawn in this order
    ("coast", "fill='none' stroke='#9fb6c8' stroke-width='0.8'"),
    ("region_borders", "fill='none' stroke='#c3cad1' stroke-width='0.6'"),
    ("country_borders", "fill='none' stroke='#8a949c' stroke-width='1.2'"),
]


def _backdrop(xy, view: tuple) -> list[str]:
    """Countries filled, then coasts and borders, as SVG paths: only the lines crossing the
    view, and only points at least a pixel apart (the page stays small at any zoom)."""
    data = borders()
    lon0, lat0, lon1, lat1 = view

    def path(lines, closed=False) -> str:
        out = []
        for line in lines:
            lons, lats = [p[0] for p in line], [p[1] for p in line]
            if max(lons) < lon0 or min(lons) > lon1 or max(lats) < lat0 or min(lats) > lat1:
                continue
            kept, last = [], None
            for i, (lon, lat) in enumerate(line):
                x, y = xy(lat, lon)
                if last is None or i == len(line) - 1 or abs(x - last[0]) + abs(y - last[1]) >= 1.5:
                    kept.append(f"{x:.0f} {y:.0f}")
                    last = (x, y)
            if len(kept) >= 2:
                out.append("M" + "L".join(kept) + ("Z" if closed else ""))
        return "".join(out)

    parts = []
    for code, rings in sorted(data.get("countries", {}).items()):
        d = path(rings, closed=True)
        if d:
            parts.append(f"<path d='{d}' fill='{COUNTRY_COLOURS.get(code, OTHER_COLOUR)}' "
                         f"fill-opacity='0.07' stroke='none'/>")
    for key, style in BACKDROP:
        d = path(data.get(key, []))
        if d:
            parts.append(f"<path d='{d}' {style}/>")
    return parts


def _pair_edges(regions: pd.DataFrame, links: pd.DataFrame) -> tuple[dict, dict]:
    """({region_id: (lat, lon, name, country)}, {(a, b): {docs, sentence, years}}) of the
    Russia–Kazakhstan pairs whose places have coordinates."""
    pairs = links[_ru_kz(links)]
    coords = {}
    for r in regions.itertuples():
        if pd.notna(r.lat) and pd.notna(r.lon):
            coords[str(r.region_id)] = (float(r.lat), float(r.lon), str(r.name), str(r.country))
    edges: dict[tuple, dict] = {}
    for a, b, doc_id, scope, published in zip(
            pairs["region_id_a"].astype(str), pairs["region_id_b"].astype(str),
            pairs["doc_id"].astype(str), pairs["scope"].astype(str), pairs["published"]):
        if a not in coords or b not in coords:
            continue
        e = edges.setdefault((a, b), {"docs": set(), "sentence": False, "years": set(),
                                      "sentence_docs": set()})
        e["docs"].add(doc_id)
        if scope == "sentence":
            e["sentence"] = True
            e["sentence_docs"].add(doc_id)
        d = _date(published)
        if d:
            e["years"].add(d.year)
    return coords, edges


def strongest_pairs(edges: dict, coords: dict, n: int) -> list[tuple]:
    """The `n` pairs named together in most documents (ties: in one sentence, then by name)."""
    return sorted(edges, key=lambda k: (-len(edges[k]["docs"]), not edges[k]["sentence"],
                                        coords[k[0]][2], coords[k[1]][2]))[:n]


def pairs_map(regions: pd.DataFrame, links: pd.DataFrame, width: int = 880,
              height: int = 520, max_pairs: int = MAX_PAIRS) -> str:
    """Russia–Kazakhstan pairs on an equirectangular map over Natural Earth's country and
    first-level borders: a line per pair of places named together (thicker for more
    documents; dashed when never in one sentence), the `max_pairs` strongest only, and a dot
    per place at the gazetteer's coordinates. Labels never overlap: a place whose label finds
    no free spot (tried in order of strength) keeps only its hover text. A ranked list of the
    strongest pairs follows the map."""
    coords, edges = _pair_edges(regions, links)
    if not edges:
        return _empty_chart("No Russia–Kazakhstan pairs with coordinates in these tables.")
    shown = strongest_pairs(edges, coords, max_pairs)
    nodes = sorted({n for pair in shown for n in pair})
    lats = [coords[n][0] for n in nodes]
    lons = [coords[n][1] for n in nodes]
    # the places' own extent, with a margin and at least 12° x 8°, so the pairs fill the map
    mid_lat, mid_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    half_lat = max((max(lats) - min(lats)) / 2 + 2.5, 4.0)
    half_lon = max((max(lons) - min(lons)) / 2 + 5.0, 6.0)
    lat0, lat1 = mid_lat - half_lat, mid_lat + half_lat
    lon0, lon1 = mid_lon - half_lon, mid_lon + half_lon
    kx = math.cos(math.radians(mid_lat))
    pad, legend_h = 24, 22
    plot_h = height - legend_h
    scale = min((width - 2 * pad) / ((lon1 - lon0) * kx), (plot_h - 2 * pad) / (lat1 - lat0))
    # centre the drawing, and show all the map the box has room for
    off_x = (width - 2 * pad - (lon1 - lon0) * kx * scale) / 2
    off_y = (plot_h - 2 * pad - (lat1 - lat0) * scale) / 2
    lon0, lon1 = lon0 - (off_x + pad) / (kx * scale), lon1 + (off_x + pad) / (kx * scale)
    lat0, lat1 = lat0 - (off_y + pad) / scale, lat1 + (off_y + pad) / scale

    def xy(lat, lon):
        return (lon - lon0) * kx * scale, (lat1 - lat) * scale

    # a nested <svg> clips what it holds to the map's box
    parts = [f"<rect x='0' y='0' width='{width}' height='{plot_h}' fill='#f7f9fb'/>",
             f"<svg x='0' y='0' width='{width}' height='{plot_h}' overflow='hidden'>"]
    parts += _backdrop(xy, (lon0, lat0, lon1, lat1))
    step_lon = 5 if lon1 - lon0 <= 40 else 10
    for lon in range(int(math.ceil(lon0 / step_lon)) * step_lon, int(lon1) + 1, step_lon):
        x, _ = xy(lat1, lon)
        parts.append(f"<text x='{x + 2:.1f}' y='10' class='tick'>{lon}°E</text>")
    for lat in range(int(math.ceil(lat0 / 5)) * 5, int(lat1) + 1, 5):
        _, y = xy(lat, lon0)
        parts.append(f"<text x='2' y='{y - 2:.1f}' class='tick'>{lat}°N</text>")
    most = max(len(edges[k]["docs"]) for k in shown)
    for a, b in reversed(shown):  # the strongest drawn last, on top
        e = edges[(a, b)]
        (xa, ya), (xb, yb) = xy(*coords[a][:2]), xy(*coords[b][:2])
        w = 1.2 + 5.0 * len(e["docs"]) / most
        tip = _pair_tip(coords, a, b, e)
        dash = "" if e["sentence"] else " stroke-dasharray='6 4'"
        parts.append(f"<line x1='{xa:.1f}' y1='{ya:.1f}' x2='{xb:.1f}' y2='{yb:.1f}' "
                     f"stroke='#6c3483' stroke-width='{w:.1f}' stroke-opacity='0.6'{dash}>"
                     f"<title>{esc(tip)}</title></line>")
    strength = Counter()
    for a, b in shown:
        strength[a] += len(edges[(a, b)]["docs"])
        strength[b] += len(edges[(a, b)]["docs"])
    degree = Counter(n for pair in shown for n in pair)
    order = sorted(nodes, key=lambda n: (-strength[n], coords[n][2]))
    dots = {}
    for n in order:
        x, y = xy(*coords[n][:2])
        dots[n] = (x, y, 3.5 + min(degree[n], 6) * 0.8)
    # every dot is an obstacle for every label
    boxes: list[tuple] = [(x - r, y - r, x + r, y + r) for x, y, r in dots.values()]
    unlabelled = 0
    for n in order:
        lat, lon, name, country = coords[n]
        x, y, r = dots[n]
        colour = COUNTRY_COLOURS.get(country, OTHER_COLOUR)
        whole = n == country  # a country standing for itself, drawn at its capital
        tip = (f"{name} ({n}): {degree[n]} partners, {strength[n]} pair-documents"
               + (" — the country as a whole, drawn at its capital" if whole else ""))
        shape = (f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='white' "
                 f"stroke='{colour}' stroke-width='3'/>" if whole else
                 f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{colour}' "
                 f"stroke='white' stroke-width='1.5'/>")
        label = _short(name, 28)
        spot = _place_label(x, y, r, len(label), boxes, width, plot_h)
        text = ""
        if spot is None:
            unlabelled += 1
        else:
            lx, ly, anchor = spot
            text = (f"<text x='{lx:.1f}' y='{ly:.1f}' text-anchor='{anchor}' class='place'>"
                    f"{esc(label)}</text>")
        parts.append(f"<g><title>{esc(tip)}</title>{shape}{text}</g>")
    parts.append("</svg>")
    note = f"{len(shown)} of {len(edges)} pairs (the strongest)" if len(edges) > len(shown) \
        else f"{len(shown)} pairs"
    if unlabelled:
        note += f"; {unlabelled} places unlabelled (hover a dot)"
    parts.append(_legend_svg(pad, height - 6, [("Russia", COUNTRY_COLOURS["RU"]),
                                                ("Kazakhstan", COUNTRY_COLOURS["KZ"])])
                 + f"<text x='{pad + 180}' y='{height - 6}' class='lbl'>{esc(note)}</text>")
    source = borders().get("source", "")
    return (_svg(width, height, parts, "Russia–Kazakhstan region pairs")
            + "<p class='hint'>Line width: documents naming both; dashed: never in one "
              "sentence; ring: a country as a whole, drawn at its capital."
            + (f" Borders: {esc(source.split(';')[0])}." if source else "") + "</p>"
            + _pairs_list(shown[:15], edges, coords, len(edges)))


def _pair_tip(coords, a, b, e) -> str:
    years = ", ".join(str(y) for y in sorted(e["years"])) or "undated"
    return (f"{coords[a][2]} — {coords[b][2]}: {len(e['docs'])} documents ({years})"
            + ("" if e["sentence"] else "; never in one sentence"))


def _pairs_list(shown: list, edges: dict, coords: dict, total: int) -> str:
    items = "".join(
        f"<li><b>{esc(coords[a][2])}</b> — <b>{esc(coords[b][2])}</b>: "
        f"{len(edges[(a, b)]['docs'])} documents</li>" for a, b in shown)
    return (f"<details class='pairs'><summary>The {len(shown)} strongest of {total} pairs"
            f"</summary><ol>{items}</ol></details>")


def _place_label(x: float, y: float, r: float, n_chars: int, boxes: list, width: int,
                 height: int) -> tuple[float, float, str] | None:
    """Where a place's label goes: right, left, above or below its dot, the first spot inside
    the map that overlaps no label or dot placed before; None when there is none. Text is
    about 6.5 px a character."""
    w, h = 6.5 * n_chars, 13
    candidates = [(x + r + 3, y + 4, "start", x + r + 3, y - 9),
                  (x - r - 3, y + 4, "end", x - r - 3 - w, y - 9),
                  (x, y - r - 4, "middle", x - w / 2, y - r - 17),
                  (x, y + r + 13, "middle", x - w / 2, y + r)]
    own = (x - r, y - r, x + r, y + r)
    for lx, ly, anchor, bx, by in candidates:
        box = (bx, by, bx + w, by + h)
        inside = box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height
        if inside and not any(b != own and box[0] < b[2] and b[0] < box[2] and box[1] < b[3]
                              and b[1] < box[3] for b in boxes):
            boxes.append(box)
            return lx, ly, anchor
    return None


def officials_timeline(officials: pd.DataFrame, documents: pd.DataFrame, top: int = 25,
                       width: int = 880) -> str:
    """A row per official (the `top` with most dated documents), a dot per document that names
    them in a post, at the document's publication date."""
    named = officials[officials["person_id"].astype(str) != ""]
    if named.empty:
        return _empty_chart("No officials found.")
    published = {str(r.doc_id): _date(r.published) for r in documents.itertuples()}
    titles = {str(r.doc_id): str(r.title) for r in documents.itertuples()}
    seen: dict[tuple, dict] = {}
    undated = set()
    for o in named.itertuples():
        d = published.get(str(o.doc_id))
        key = (str(o.person_id), str(o.doc_id))
        if d is None:
            undated.add(key)
            continue
        item = seen.setdefault(key, {"date": d, "person": str(o.person), "positions": set(),
                                     "country": str(o.country)})
        item["positions"].add(str(o.position))
    if not seen:
        return _empty_chart(f"No dated appearances ({len(undated)} appearances in documents "
                            f"without a publication date).")
    per_person: dict[str, list] = defaultdict(list)
    for (pid, doc_id), item in seen.items():
        per_person[pid].append((doc_id, item))
    people = sorted(per_person, key=lambda p: (-len(per_person[p]), per_person[p][0][1]["person"]))
    people = people[:top]
    dates = [item["date"] for (_, _), item in seen.items()]
    d0, d1 = min(dates), max(dates)
    if (d1 - d0).days < 60:
        d0 = date.fromordinal(d0.toordinal() - 30)
        d1 = date.fromordinal(d1.toordinal() + 30)
    label_w, row_h, top_pad, axis_h = 200, 22, 10, 30
    plot_w = width - label_w - 30
    height = top_pad + row_h * len(people) + axis_h + 12

    def x_of(d: date) -> float:
        span = d1.toordinal() - d0.toordinal()
        return label_w + plot_w * (d.toordinal() - d0.toordinal()) / span

    parts = []
    axis_y = top_pad + row_h * len(people) + 4
    for tick, label in _ticks(d0, d1):
        x = x_of(tick)
        parts.append(f"<line x1='{x:.1f}' y1='{top_pad}' x2='{x:.1f}' y2='{axis_y}' class='grid'/>"
                     f"<text x='{x:.1f}' y='{axis_y + 14}' text-anchor='middle' class='tick'>"
                     f"{esc(label)}</text>")
    for i, pid in enumerate(people):
        y = top_pad + i * row_h + row_h / 2
        items = per_person[pid]
        name = items[0][1]["person"]
        parts.append(f"<text x='{label_w - 8}' y='{y + 4:.1f}' text-anchor='end' class='lbl'>"
                     f"{esc(_short(name, 28))}</text>"
                     f"<line x1='{label_w}' y1='{y:.1f}' x2='{label_w + plot_w}' y2='{y:.1f}' "
                     f"class='row'/>")
        # appearances a few pixels apart share one dot (its size: how many; its hover text:
        # the first few), so a row holds at most plot_w / DOT_STEP dots whatever the run
        dots: dict[int, list] = defaultdict(list)
        for doc_id, item in sorted(items, key=lambda t: (t[1]["date"], t[0])):
            dots[int(x_of(item["date"]) // DOT_STEP)].append((doc_id, item))
        for group in dots.values():
            first = group[0][1]
            colour = COUNTRY_COLOURS.get(first["country"], OTHER_COLOUR)
            lines = [f"{item['date'].isoformat()}: {'; '.join(sorted(item['positions']))} — "
                     f"{_short(titles.get(doc_id, doc_id), 80)}" for doc_id, item in group[:3]]
            if len(group) > 3:
                lines.append(f"... and {len(group) - 3} more documents")
            tip = f"{name}, {len(group)} document{'s' if len(group) > 1 else ''}\n" + \
                "\n".join(lines)
            x = sum(x_of(item["date"]) for _, item in group) / len(group)
            r = min(4 + 2 * math.sqrt(len(group) - 1), 10)
            parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{colour}' "
                         f"fill-opacity='0.8'><title>{esc(tip)}</title></circle>")
    note = f"{len(undated)} appearances in undated documents not shown" if undated else ""
    if len(per_person) > top:
        note += ("; " if note else "") + f"{len(per_person) - top} more officials not shown"
    if note:
        parts.append(f"<text x='{label_w}' y='{height - 4}' class='lbl'>{esc(note)}</text>")
    return _svg(width, height, parts, "Officials' appearances over time")


DOT_STEP = 4  # pixels: the timeline's appearances closer than this share a dot


EVENT_COLOURS = {"meeting": "#1f77b4", "visit": "#2ca02c", "agreement": "#d62728",
                 "appointment": "#9467bd", "dismissal": "#8c564b", "forum": "#ff7f0e"}


def events_by_month(events: pd.DataFrame, width: int = 880) -> str:
    """Stacked bars: the events that happened per month of their date, coloured by type."""
    happened = events[(events["status"].astype(str) == "happened")
                      & (events["date"].astype(str).str.len() >= 7)]
    if happened.empty:
        return _empty_chart("No dated events.")
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in happened.itertuples():
        counts[str(r.date)[:7]][str(r.type)] += 1
    months = sorted(counts)
    y0, m0 = map(int, months[0].split("-"))
    y1, m1 = map(int, months[-1].split("-"))
    span = [f"{y:04d}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)
            if (y, m) >= (y0, m0) and (y, m) <= (y1, m1)]
    top = max(sum(c.values()) for c in counts.values())
    left, plot_h, axis_h, legend_h = 40, 160, 40, 24
    bar_w = max(2.0, min(40.0, (width - left - 20) / len(span)))
    parts = [_legend_svg(left, 14, list(EVENT_COLOURS.items()))]
    for k, month in enumerate(span):
        x, y = left + k * bar_w, legend_h + plot_h
        for t, colour in EVENT_COLOURS.items():
            n = counts.get(month, Counter())[t]
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(f"<rect x='{x:.1f}' y='{y:.1f}' width='{bar_w * 0.85:.1f}' "
                         f"height='{h:.1f}' fill='{colour}'><title>{esc(month)}: {n} {esc(t)}"
                         f"</title></rect>")
        if len(span) <= 24 or k % max(1, len(span) // 12) == 0:
            parts.append(f"<text x='{x + bar_w / 2:.1f}' y='{legend_h + plot_h + 14}' "
                         f"text-anchor='middle' class='tick'>{esc(month)}</text>")
    parts.append(f"<text x='{left - 6}' y='{legend_h + 10}' text-anchor='end' class='tick'>"
                 f"{top}</text>")
    return _svg(width, legend_h + plot_h + axis_h, parts, "Events per month, by type")


def _ticks(d0: date, d1: date) -> list[tuple[date, str]]:
    days = d1.toordinal() - d0.toordinal()
    if days > 3 * 365:
        step = max(1, math.ceil((d1.year - d0.year) / 10))
        return [(date(y, 1, 1), str(y)) for y in range(d0.year + 1, d1.year + 1, step)
                if d0 <= date(y, 1, 1) <= d1]
    months = (d1.year - d0.year) * 12 + d1.month - d0.month
    step = max(1, math.ceil(months / 10))
    out, y, m = [], d0.year, d0.month
    for i in range(months + 1):
        t = date(y, m, 1)
        if d0 <= t <= d1 and i % step == 0:
            out.append((t, f"{y}-{m:02d}"))
        m += 1
        if m > 12:
            y, m = y + 1, 1
    return out


# -- tables ---------------------------------------------------------------------------------------

TABLE_VIEWS = [
    # (table, id, heading, columns, order of the rows shown: (columns, ascending), what it means)
    (S.OFFICIALS, "t-officials", "Officials (person–post links)",
     ["doc_id", "person", "position", "role", "region_id", "organisation", "country",
      "category", "acting", "former", "pattern"], None, "the documents shown below first"),
    (S.POSTS, "t-posts", "Posts over time",
     ["person", "role", "region", "country", "category", "first_seen", "last_seen", "n_docs",
      "n_links", "positions"], (["n_docs", "n_links"], False), "most documents first"),
    (S.PEOPLE, "t-people", "People",
     ["person_id", "name", "gender", "n_mentions", "n_docs", "variants"],
     (["n_mentions", "n_docs"], False), "most mentioned first"),
    (S.REGIONS, "t-places", "Places",
     ["region_id", "name", "kind", "country", "iso_code", "parent_id", "n_mentions", "n_docs"],
     (["n_mentions", "n_docs"], False), "most mentioned first"),
    (S.REGION_LINKS, "t-links", "Region links",
     ["doc_id", "name_a", "country_a", "name_b", "country_b", "scope", "n_sentences",
      "published"], None, "the documents shown below first"),
]


def doc_anchor(doc_id: str) -> str:
    """The HTML id of a document's text in the page (any doc_id gives a valid, unique id)."""
    return "doc-" + hashlib.sha1(str(doc_id).encode("utf-8")).hexdigest()[:16]


def _tables_section(tables, shown_docs: set | None = None) -> str:
    shown_docs = shown_docs or set()
    out = ["<section id='tables'><h2>Tables</h2>"
           f"<p class='hint'>Type to filter a table; click a column heading to sort. Each "
           f"table shows at most {MAX_TABLE_ROWS:,} rows; the full tables are in the run's "
           f"folder (or browse them all with <code>python cli.py serve</code>).</p>"]
    for table, tid, heading, columns, order, meaning in TABLE_VIEWS:
        df = tables[table]
        if order is not None:
            df = df.sort_values(order[0], ascending=order[1], kind="stable")
        elif "doc_id" in df.columns and shown_docs and len(df) > MAX_TABLE_ROWS:
            first = df["doc_id"].astype(str).isin(shown_docs)
            df = pd.concat([df[first], df[~first]])
        out.append(html_table(df, columns, tid, heading, meaning, shown_docs))
    if S.EVENTS in tables:
        out.append(html_table(events_view(tables), EVENT_COLUMNS, "t-events",
                              "Events (what happened; planned ones marked)", "in document order",
                              shown_docs))
    out.append("</section>")
    return "\n".join(out)


EVENT_COLUMNS = ["doc_id", "event_id", "type", "trigger", "status", "date", "participants",
                 "topics"]


def events_view(tables) -> pd.DataFrame:
    """One row per event with its participants as "person — role — place; ..."."""
    events = tables[S.EVENTS]
    regions = {str(r.region_id): str(r.name) for r in tables[S.REGIONS].itertuples()}
    who: dict[tuple, list] = {}
    for p in tables[S.EVENT_PARTICIPANTS].itertuples():
        place = regions.get(str(p.region_id), str(p.region_id))
        who.setdefault((str(p.doc_id), str(p.event_id)), []).append(
            " — ".join(x for x in (str(p.person), str(p.role), place) if x))
    out = events.assign(participants=[
        "; ".join(who.get((str(d), str(e)), [])) for d, e in zip(events["doc_id"],
                                                                  events["event_id"])])
    return out[EVENT_COLUMNS]


def _cell(value) -> str:
    """A table value as the CSV writes it: "" for missing, true/false for flags."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    return str(value)


def html_table(df: pd.DataFrame, columns: list[str], table_id: str, heading: str,
               order: str = "", linked_docs: set | None = None) -> str:
    """A searchable, sortable table (the page's script does both) of the first
    MAX_TABLE_ROWS rows; a doc_id whose text is in the page links to it."""
    n = len(df)
    shown = df.head(MAX_TABLE_ROWS)
    linked_docs = linked_docs or set()
    head = "".join(f"<th scope='col' title='sort'>{esc(c)}</th>" for c in columns)
    rows = []
    for r in shown[columns].itertuples(index=False):
        cells = []
        for column, v in zip(columns, r):
            text = _cell(v)
            if column == "doc_id" and text in linked_docs:
                cells.append(f"<td><a href='#{doc_anchor(text)}'>{esc(text)}</a></td>")
            else:
                cells.append(f"<td>{esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = f" ({MAX_TABLE_ROWS:,} of {n:,}: {order})" if n > MAX_TABLE_ROWS else ""
    return (f"<div class='tablebox'><h3>{esc(heading)} <span class='count'>"
            f"<span id='{table_id}-n'>{len(shown)}</span> rows{esc(more)}</span></h3>"
            f"<input type='search' placeholder='filter…' aria-label='filter {esc(heading)}' "
            f"data-filter='{table_id}' data-count='{table_id}-n'>"
            f"<div class='scroll'><table class='data' id='{table_id}'><thead><tr>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></div></div>")


# -- documents ------------------------------------------------------------------------------------

def _documents_section(tables, texts: dict[str, str], how: dict[str, str],
                       shown: list[str]) -> str:
    docs = tables[S.DOCUMENTS]
    wanted = set(shown)
    rank = {d: i for i, d in enumerate(shown)}
    docs = docs[docs["doc_id"].astype(str).isin(wanted)]
    docs = docs.iloc[sorted(range(len(docs)), key=lambda i: rank[str(docs["doc_id"].iat[i])])]

    def by_doc(table):  # the rows of the documents shown, grouped
        df = tables[table]
        df = df[df["doc_id"].astype(str).isin(wanted)]
        return {str(k): g for k, g in df.groupby("doc_id", sort=False)}

    mentions, sentences, officials = by_doc(S.MENTIONS), by_doc(S.SENTENCES), by_doc(S.OFFICIALS)
    triggers = by_doc(S.EVENTS) if S.EVENTS in tables else {}
    events = ({str(k): g for k, g in events_view(tables).groupby("doc_id", sort=False)
               if str(k) in wanted} if S.EVENTS in tables else {})
    date_rows = tables[S.DATES][tables[S.DATES]["doc_id"].astype(str).isin(wanted)]
    dates = {(str(r.doc_id), str(r.mention_id)): r for r in date_rows.itertuples()}
    people = dict(zip(tables[S.PEOPLE]["person_id"].astype(str),
                      tables[S.PEOPLE]["name"].astype(str)))
    regions = {str(r.region_id): r for r in tables[S.REGIONS].itertuples()}
    total = len(tables[S.DOCUMENTS])
    out = ["<section id='documents'><h2>Documents</h2>",
           "<p class='legend'>" + "".join(
               f"<span class='m {t}'>{TYPE_NAMES[t]}</span> " for t in
               (S.PER, S.POSITION, S.LOC, S.DATE, S.ORG))
           + "<span class='m ev'>event</span> <span class='bp'>boilerplate</span> · hover a highlighted span for its normal "
             "form and linked id</p>"]
    if total > len(docs):
        out.append(f"<p class='note'>The texts of {len(docs):,} of {total:,} documents: those "
                   f"naming the map's pairs, then those with most official links (the rows "
                   f"the tables above show first, their doc_id a link here). The tables cover "
                   f"all; <code>python cli.py show DOC_ID</code> shows any other.</p>")
    out += ["<input type='search' placeholder='filter documents…' aria-label='filter documents'"
            " data-filter='doclist' data-count='doclist-n'> "
            f"<span class='count'><span id='doclist-n'>{len(docs)}</span> documents</span>",
            "<div id='doclist'>"]
    for i, d in enumerate(docs.itertuples()):
        out.append(document_html(d, texts.get(str(d.doc_id)), how.get(str(d.doc_id)),
                                 mentions, sentences, officials, dates, people, regions,
                                 open_=i < 2, events=events, triggers=triggers))
    out.append("</div></section>")
    return "\n".join(out)


def document_html(d, text: str | None, how: str | None, mentions: dict, sentences: dict,
                  officials: dict, dates: dict, people: dict, regions: dict,
                  open_: bool = False, events: dict | None = None,
                  triggers: dict | None = None) -> str:
    """One document (a `documents` row) as a <details> block: title and metadata, its text
    with the entities and event triggers highlighted, its officials and events (`events`: the
    rows of `events_view` by doc_id; `triggers`: the `events` table's rows by doc_id). Also
    what `cli.py serve` shows."""
    events, triggers = events or {}, triggers or {}
    doc_id = str(d.doc_id)
    n_off = len(officials.get(doc_id, ()))
    meta = " · ".join(x for x in (
        f"id {doc_id}", f"published {d.published}" if str(d.published or "") else "undated",
        f"{n_off} official links", str(d.source or "")) if x)
    parts = [f"<details class='doc' id='{doc_anchor(doc_id)}'{' open' if open_ else ''}>"
             f"<summary><b>{esc(d.title or doc_id)}</b> <span class='meta'>{esc(meta)}"
             f"</span></summary>"]
    if str(d.status) != "ok":
        parts.append(f"<p class='error'>status {esc(d.status)}: {esc(d.error)}</p>")
    if how == SENTENCES:
        parts.append("<p class='note'>Text rebuilt from the sentences table (the source "
                     "file was not found or has changed): text between sentences is "
                     "blank.</p>")
    if text is None:
        parts.append("<p class='note'>Text not available.</p>")
    else:
        spans = document_spans(doc_id, len(text), mentions.get(doc_id), sentences.get(doc_id),
                               dates, people, regions)
        for e in (triggers[doc_id].itertuples() if doc_id in triggers else ()):
            if 0 <= int(e.start) < int(e.stop) <= len(text):
                spans.append(Span(int(e.start), int(e.stop), ["ev"],
                                  f"event {e.event_id}: {e.type} ({e.status})"))
        parts.append(f"<div class='text'>{highlight(text, spans)}</div>")
    if n_off:
        items = "".join(
            f"<li><b>{esc(o.person or '—')}</b> — {esc(o.position)}"
            f" <span class='meta'>{esc(o.category)} · {esc(o.pattern)}</span></li>"
            for o in officials[doc_id].itertuples())
        parts.append(f"<ul class='officials'>{items}</ul>")
    if doc_id in events:
        items = "".join(
            f"<li><b>{esc(e.type)}</b> «{esc(e.trigger)}» {esc(e.date)}"
            f"{' (planned)' if e.status == 'planned' else ''} — {esc(e.participants)}</li>"
            for e in events[doc_id].itertuples())
        parts.append(f"<ul class='events'>{items}</ul>")
    parts.append("</details>")
    return "".join(parts)


@dataclass
class Span:
    start: int
    stop: int
    kinds: list  # "bp" or mention types
    title: str = ""


def document_spans(doc_id: str, length: int, mentions: pd.DataFrame | None,
                   sentences: pd.DataFrame | None, dates: dict, people: dict,
                   regions: dict) -> list[Span]:
    """Boilerplate sentences and mentions of one document as spans with hover texts; mentions
    of the same extent are merged into one span."""
    spans = []
    if sentences is not None:
        for s in sentences.itertuples():
            if bool(s.is_boilerplate) and 0 <= int(s.start) < int(s.stop) <= length:
                spans.append(Span(int(s.start), int(s.stop), ["bp"], "boilerplate"))
    if mentions is not None:
        same: dict[tuple, Span] = {}
        for m in mentions.itertuples():
            start, stop, kind = int(m.start), int(m.stop), str(m.type)
            if not (0 <= start < stop <= length) or kind not in TYPE_NAMES:
                continue
            tip = _describe(doc_id, m, dates, people, regions)
            span = same.get((start, stop))
            if span is None:
                same[(start, stop)] = span = Span(start, stop, [], "")
                spans.append(span)
            span.kinds.append(kind)
            span.title = f"{span.title}\n{tip}" if span.title else tip
    return spans


def _describe(doc_id, m, dates, people, regions) -> str:
    kind, normal, entity = str(m.type), str(m.normal or m.text), str(m.entity_id or "")
    lines = [f"{TYPE_NAMES[kind]}: {normal}"]
    if kind == S.PER:
        lines.append(f"person {entity}: {people.get(entity, normal)}" if entity
                     else "not linked (namesake or boilerplate)")
    elif kind == S.LOC:
        r = regions.get(entity)
        lines.append(f"place {entity}: {r.name} ({r.kind}, {r.country})" if r is not None
                     else (f"place {entity}" if entity else "not in the gazetteer"))
    elif kind == S.POSITION:
        lines.append(f"held by {people.get(entity, '')} ({entity})" if entity
                     else "no holder named")
    elif kind == S.DATE:
        d = dates.get((doc_id, str(m.mention_id)))
        if d is not None:
            value = str(d.value or "") + (f" – {d.end_value}" if str(d.end_value or "") else "")
            lines.append(f"value {value or '(unresolved)'} · {d.precision} · {d.role} · "
                         f"{d.resolved}")
    return "\n".join(lines)


def highlight(text: str, spans: list[Span]) -> str:
    """`text` escaped, with `spans` as nested <span> elements (a span crossing the end of an
    enclosing one is cut at that end)."""
    ordered = sorted(spans, key=lambda s: (s.start, -s.stop, min(_RANK.get(k, 9) for k in s.kinds)))
    out, stack, pos = [], [], 0

    def close_to(limit: int):
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(esc(text[pos:end]) + "</span>")
            pos = end

    for s in ordered:
        close_to(s.start)
        stop = min(s.stop, stack[-1]) if stack else s.stop
        if stop <= s.start:
            continue
        out.append(esc(text[pos:s.start]))
        pos = s.start
        classes = "bp" if s.kinds == ["bp"] else "m " + " ".join(dict.fromkeys(s.kinds))
        out.append(f"<span class='{esc(classes)}' title='{esc(s.title)}'>")
        stack.append(stop)
    close_to(len(text))
    out.append(esc(text[pos:]))
    return "".join(out)


# -- page assets ----------------------------------------------------------------------------------

ASSETS = Path(__file__).resolve().parent / "data"
CSS = (ASSETS / "report.css").read_text(encoding="utf-8")  # the page's style sheet, inlined
SCRIPT = (ASSETS / "report.js").read_text(encoding="utf-8")  # filter and sort, inlined
