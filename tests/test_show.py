"""`show`: one document in the terminal, entities coloured, its rows of each table under it."""
from io import StringIO

import pytest
from rich.console import Console

from pipeline.results import ResultsError, documents_tables, load_tables
from pipeline.show import STYLES, document_view, highlighted_text, render_document, show
from tests.conftest import RAW

DOC = "002_2cf5135a9f6ab4d7"


def _console(**kw):
    return Console(file=StringIO(), width=140, record=True, **kw)


def test_renders_a_processed_document_with_its_names(samples):
    console = _console()
    render_document(samples[DOC], console=console)
    out = console.export_text()
    assert "Игорь Бабушкин" in out and "Серик Шапкенов" in out
    for heading in ("Officials", "People mentioned", "Places", "Dates", "Region links"):
        assert heading in out
    assert "губернатор Астраханской области" in out
    assert "RU-AST" in out and "KZ-23" in out


def test_entities_are_coloured_by_type_and_boilerplate_dimmed(samples):
    doc = samples[DOC]
    tables, _ = documents_tables([doc])
    from pipeline.results import select_document

    text = highlighted_text(select_document(tables, DOC), doc.text)
    styles = {}
    for span in text.spans:
        styles.setdefault(str(span.style), []).append(doc.text[span.start:span.end])
    assert "Игорь Бабушкин" in styles[STYLES["PER"]]
    assert any("Астраханской области" in t for t in styles[STYLES["LOC"]])
    assert any(t.startswith("губернатор") for t in styles[STYLES["POSITION"]])
    boiler = [s for s in doc.sentences if s.is_boilerplate]
    assert boiler, "the sample has a boilerplate block"
    assert any(str(span.style) == "dim" for span in text.spans)


def test_colours_reach_a_terminal(samples):
    console = _console(force_terminal=True, color_system="truecolor")
    render_document(samples[DOC], console=console)
    assert "\x1b[" in console.file.getvalue()


def test_renders_from_tables_with_the_text_of_the_source_file(samples):
    tables, _ = documents_tables(samples.values())
    console = _console()
    render_document(tables, DOC, console)
    out = console.export_text()
    assert "Игорь Бабушкин" in out and "rebuilt from the sentences" not in out


def test_falls_back_to_the_sentences_when_the_source_is_gone(samples, tmp_path):
    tables, _ = documents_tables(samples.values())
    tables["documents"]["source"] = str(tmp_path / "moved-away.txt")
    console = _console()
    render_document(tables, DOC, console)
    out = console.export_text()
    assert "rebuilt from the sentences table" in out
    assert "Серик Шапкенов" in out


def test_unknown_document_is_a_clear_error(samples):
    tables, _ = documents_tables(samples.values())
    with pytest.raises(ResultsError, match="not in the tables"):
        document_view(tables, "no-such-doc")


def test_markup_in_a_document_is_shown_as_text(nlp):
    from pipeline import Document

    doc = nlp.process(Document(doc_id="x", text="[bold red]Новость[/] про [link=http://x]мэра[/link]."))
    console = _console()
    render_document(doc, console=console)
    assert "[bold red]Новость[/]" in console.export_text()


def test_show_target_file_and_doc_id(nlp, tmp_path):
    console = _console()
    assert show(str(RAW / f"{DOC}.txt"), console=console, pipeline=nlp) == [DOC]
    assert "Игорь Бабушкин" in console.export_text()
    with pytest.raises(ResultsError, match="tables folder"):
        show("no-such-doc", tmp_path / "absent", console=_console())


def test_show_doc_id_from_a_tables_folder(nlp, tmp_path):
    from pipeline import run_files

    run_files([RAW / f"{DOC}.txt"], tmp_path, "parquet")
    console = _console()
    assert show(DOC, tmp_path, console=console) == [DOC]
    assert "Серик Шапкенов" in console.export_text()
    assert len(load_tables(tmp_path)["documents"]) == 1
