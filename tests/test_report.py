"""`report`: one self-contained HTML page; every text from the documents escaped."""
import base64
import hashlib
import re

import pytest

from pipeline import Document
from pipeline.report import SCRIPT, Span, build_report, highlight, make_report, report_html
from pipeline.results import ResultsError, documents_tables

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def corpus(samples, nlp):
    """The samples plus an article carrying markup in its title and text."""
    hostile = nlp.process(Document(
        doc_id="xss", title=f"Новость {XSS}", source="<text>",
        text=(f"Губернатор Астраханской области Игорь Бабушкин {XSS} встретился с акимом "
              "Атырауской области Сериком Шапкеновым. <img src=x onerror=\"alert(2)\"> "
              "Текст с кавычками ' \" и амперсандом &amp; остаётся текстом.")))
    tables, texts = documents_tables(list(samples.values()) + [hostile], nlp.models.gazetteer)
    return tables, texts


@pytest.fixture(scope="module")
def page(corpus):
    tables, texts = corpus
    return report_html(tables, texts)


def test_document_text_is_escaped(page):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in page
    assert "&amp;amp;" in page  # "&amp;" in the text shows as the five characters
    assert page.count("<script") == 1  # only the page's own script


def test_table_values_are_escaped_everywhere(corpus):
    tables, texts = corpus
    tables = {k: v.copy() for k, v in tables.items()}
    evil = "<b onmouseover=alert(3)>Игорь</b>"
    tables["people"].loc[tables["people"]["name"] == "Игорь Бабушкин", "name"] = evil
    tables["officials"]["person"] = tables["officials"]["person"].where(
        tables["officials"]["person"] != "Игорь Бабушкин", evil)
    tables["regions"].loc[tables["regions"]["region_id"] == "RU-AST", "name"] = evil
    html = report_html(tables, texts)
    assert "<b onmouseover" not in html
    assert "&lt;b onmouseover=alert(3)&gt;" in html


def test_page_is_self_contained(page):
    assert not re.search(r"""(?:src|href)\s*=\s*['"]?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    csp = re.search(r"script-src 'sha256-([^']+)'", page).group(1)
    assert csp == base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    assert "default-src 'none'" in page


def test_summary_charts_tables_and_texts(page, samples):
    assert page.count("role='img'") == 4  # places, region pairs, officials, events per month
    for heading in ("Mentions per place", "Russia–Kazakhstan region pairs",
                    "Officials' appearances over time"):
        assert heading in page
    for table_id in ("t-officials", "t-posts", "t-people", "t-places", "t-links"):
        assert f"id='{table_id}'" in page
    # the map: Astrakhan and Atyrau named together; the timeline: an official with a date
    assert "Астраханская область — Атырауская область" in page or \
           "Атырауская область — Астраханская область" in page
    assert "Андрей Бочаров, 1 document\n2014-05-11" in page
    # hovers: normal form and linked id of a mention written in another case
    assert re.search(r"title='person: Серик Шапкенов\nperson P[0-9a-f]+: Серик Шапкенов'", page)
    assert "place: Атырауская область\nplace KZ-23" in page
    for doc_id in samples:
        assert doc_id in page


def test_highlight_nests_and_cuts_crossing_spans():
    text = "аким ВКО Нурымбет <x>"
    spans = [Span(0, 8, ["POSITION"], "pos"), Span(5, 8, ["LOC", "ORG"], "loc"),
             Span(5, 17, ["PER"], "crossing"), Span(18, 21, ["DATE"], "d")]
    html = highlight(text, spans)
    # the PER span crossing the end of POSITION is cut there; LOC/ORG of the same extent merge
    assert html == ("<span class='m POSITION' title='pos'>аким "
                    "<span class='m PER' title='crossing'>"
                    "<span class='m LOC ORG' title='loc'>ВКО</span></span></span> Нурымбет "
                    "<span class='m DATE' title='d'>&lt;x&gt;</span>")
    plain = re.sub(r"<[^>]+>", "", html)
    assert plain == "аким ВКО Нурымбет &lt;x&gt;"


def test_empty_tables_still_make_a_page(tmp_path):
    path = build_report({}, None, tmp_path / "r.html")
    html = path.read_text(encoding="utf-8")
    assert "No places linked" in html and "No officials found" in html


def test_make_report_from_a_tables_folder(tmp_path):
    from pipeline import run_files
    from tests.conftest import RAW

    run_files([RAW / "004_e14b758417d2576f.txt"], tmp_path / "t", "csv")
    result = make_report(tmp_path / "out" / "report.html", tables_dir=tmp_path / "t")
    assert result.documents == 1 and result.texts == 1 and result.rebuilt == 0
    html = result.path.read_text(encoding="utf-8")
    assert "Нурымбет Сактаганов" in html and "Восточно-Казахстанская область" in html
    with pytest.raises(ResultsError):
        make_report(tmp_path / "x.html", tables_dir=tmp_path / "absent")
    with pytest.raises(ResultsError, match="does not exist"):
        make_report(tmp_path / "x.html", inputs=[str(tmp_path / "absent.txt")])
