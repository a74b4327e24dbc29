"""The report at scale: thousands of documents make a page of bounded size (texts of a chosen
few, tables capped with their totals said, links from the tables to the texts shown), and a
map of many pairs over country and first-level borders whose labels never collide."""
import json
import re

import pandas as pd
import pytest

from pipeline import schema as S
from pipeline.gazetteer import GAZETTEER_CSV
from pipeline.report import (ASSETS, MAX_DOCUMENTS, MAX_TABLE_ROWS, doc_anchor,
                             documents_to_show, pairs_map, report_html)
from pipeline.results import documents_tables


@pytest.fixture(scope="module")
def big_tables(samples, nlp):
    """The samples' tables repeated 500 times under new ids: 2,500 documents."""
    tables, texts = documents_tables(list(samples.values()), nlp.models.gazetteer)
    out, all_texts = {}, {}
    for table, df in tables.items():
        if "doc_id" not in df.columns:
            out[table] = df
            continue
        copies = []
        for i in range(500):
            c = df.copy()
            c["doc_id"] = c["doc_id"].astype(str) + f"~{i}"
            copies.append(c)
        out[table] = pd.concat(copies, ignore_index=True)
    for doc_id, text in texts.items():
        for i in range(500):
            all_texts[f"{doc_id}~{i}"] = text
    return out, all_texts


def test_a_big_run_makes_a_bounded_page(big_tables):
    tables, texts = big_tables
    assert len(tables[S.DOCUMENTS]) == 2500
    page = report_html(tables, texts)
    shown = re.findall(r"<details class='doc' id='([^']+)'", page)
    assert len(shown) == MAX_DOCUMENTS
    # about 2,500 bytes of markup a highlighted sample article: the page stays far from the
    # 2,500 documents' own weight
    assert len(page.encode()) < 3_200_000
    assert f"The texts of {MAX_DOCUMENTS:,} of 2,500 documents" in page
    # capped tables say their totals; the people table is short and shown whole
    n_officials = len(tables[S.OFFICIALS])
    assert n_officials > MAX_TABLE_ROWS
    assert f"{MAX_TABLE_ROWS:,} of {n_officials:,}: the documents shown below first" in page
    assert page.count("<tr>") <= 5 * MAX_TABLE_ROWS + 5
    # the timeline: appearances a few pixels apart share a dot, so 500 copies add none
    timeline = page[page.index("Officials' appearances over time"):page.index("id='tables'")]
    assert timeline.count("<circle") <= 25 * 3
    assert ", 500 documents\n" in timeline and "... and 497 more documents" in timeline
    # every doc_id link of a table leads to a text in the page
    targets = set(re.findall(r"href='#(doc-[0-9a-f]+)'", page))
    assert targets and targets <= set(shown)


def test_documents_shown_are_those_the_map_and_tables_point_to(big_tables):
    tables, _ = big_tables
    chosen = documents_to_show(tables, 30)
    assert len(chosen) == 30
    links = tables[S.REGION_LINKS]
    with_pairs = set(links["doc_id"].astype(str))
    assert all(d in with_pairs for d in chosen)  # every sample names a pair
    # the strongest pair's documents come first (all five samples' pairs are as strong: 500
    # documents each, so the first is the first of the strongest pair in input order)
    from pipeline.report import _pair_edges, strongest_pairs

    coords, edges = _pair_edges(tables[S.REGIONS], links)
    top = strongest_pairs(edges, coords, 1)[0]
    assert chosen[0] in edges[top]["docs"]
    assert len(set(chosen)) == 30
    assert doc_anchor("a:1") != doc_anchor("a:2") and re.fullmatch(r"doc-[0-9a-f]{16}",
                                                                     doc_anchor("x/y z"))


@pytest.fixture(scope="module")
def many_pairs():
    """Every Russian region paired with every Kazakh oblast, a different number of documents
    each: hundreds of pairs, far more than the map can draw or label."""
    gaz = pd.read_csv(GAZETTEER_CSV, comment="#", dtype=str, keep_default_na=False)
    regions = gaz[(gaz["kind"] == "region") & gaz["country"].isin(["RU", "KZ"])].copy()
    regions["lat"] = regions["lat"].astype(float)
    regions["lon"] = regions["lon"].astype(float)
    kz = regions[regions["country"] == "KZ"]["region_id"].tolist()
    ru = regions[regions["country"] == "RU"]["region_id"].tolist()
    names = dict(zip(regions["region_id"], regions["name"]))
    rows = []
    for i, a in enumerate(kz):
        for j, b in enumerate(ru):
            for k in range(1 + (i * 7 + j * 3) % 11):
                rows.append({"doc_id": f"d{i}-{j}-{k}", "region_id_a": a, "name_a": names[a],
                             "country_a": "KZ", "region_id_b": b, "name_b": names[b],
                             "country_b": "RU", "scope": "sentence", "n_sentences": 1,
                             "published": "2024-01-01"})
    return regions, pd.DataFrame(rows)


def _label_boxes(svg: str):
    boxes = []
    for x, y, anchor, label in re.findall(
            r"<text x='([-\d.]+)' y='([-\d.]+)' text-anchor='(\w+)' class='place'>([^<]*)</text>",
            svg):
        x, y, w = float(x), float(y), 6.5 * len(label.replace("&quot;", '"'))
        left = {"start": x, "end": x - w, "middle": x - w / 2}[anchor]
        boxes.append((left, y - 13, left + w, y))
    return boxes


def test_map_labels_never_collide_and_strongest_pairs_come_first(many_pairs):
    regions, links = many_pairs
    n_pairs = len(links[["region_id_a", "region_id_b"]].drop_duplicates())
    svg = pairs_map(regions, links)
    lines = re.findall(r"<line [^>]*stroke='#6c3483'[^>]*><title>([^<]*)</title>", svg)
    assert len(lines) == 40 < n_pairs
    assert f"40 of {n_pairs} pairs (the strongest)" in svg
    counts = [int(re.search(r": (\d+) documents", t).group(1)) for t in lines]
    assert counts == sorted(counts)  # drawn weakest first, so the strongest lie on top
    assert min(counts) == 11 or counts[-1] == 11
    listed = [int(n) for n in re.findall(r"</b>: (\d+) documents</li>", svg)]
    assert listed == sorted(listed, reverse=True) and listed[0] == 11
    boxes = _label_boxes(svg)
    assert len(boxes) >= 10
    width, height = 880, 520 - 22
    for i, a in enumerate(boxes):
        assert a[0] >= -0.5 and a[2] <= width + 0.5 and a[1] >= -0.5 and a[3] <= height + 0.5
        for b in boxes[i + 1:]:
            overlap = a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 \
                and b[1] < a[3] - 0.5
            assert not overlap, (a, b)


def test_map_draws_country_and_first_level_borders(many_pairs):
    regions, links = many_pairs
    svg = pairs_map(regions, links)
    assert "stroke='#c3cad1'" in svg  # first-level borders
    assert "stroke='#8a949c'" in svg  # country borders
    assert svg.count("fill-opacity='0.07'") == 2  # Russia and Kazakhstan filled
    assert "Natural Earth" in svg


def test_borders_data_is_natural_earth_and_covers_both_countries():
    data = json.loads((ASSETS / "borders.json").read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "public domain" in data["source"]
    lon0, lat0, lon1, lat1 = data["bbox"]
    assert set(data["countries"]) == {"RU", "KZ"}
    for key in ("country_borders", "coast", "region_borders"):
        assert len(data[key]) > 100
        for line in data[key]:
            assert len(line) >= 2
            assert all(lon0 - 0.01 <= x <= lon1 + 0.01 and lat0 - 0.01 <= y <= lat1 + 0.01
                       for x, y in line)
    # Kazakhstan's outline holds Astana, Russia's holds Moscow (ray casting on the rings)
    assert _inside(data["countries"]["KZ"], 71.45, 51.17)
    assert _inside(data["countries"]["RU"], 37.62, 55.75)
    assert not _inside(data["countries"]["KZ"], 37.62, 55.75)
    assert (ASSETS / "borders.json").stat().st_size < 600_000


def _inside(rings, x, y) -> bool:
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside
