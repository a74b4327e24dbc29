"""Read: folders of .txt, .jsonl, .csv and .html into Documents; bad items become error rows."""
import gzip
import json

import pytest

from pipeline.read import InputError, ReadOptions, decode, read_paths


def test_txt_folder_recursive_and_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Первый текст", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Второй текст", encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    docs = list(read_paths([tmp_path]))
    assert [(d.doc_id, d.text) for d in docs] == [("one", "Первый текст"), ("two", "Второй текст")]


def test_jsonl_fields_and_bad_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "x1", "text": "Текст один", "title": "Заголовок", "url": "http://a",
                    "published": "2020-12-22"}, ensure_ascii=False),
        "{broken json",
        json.dumps({"text": "Текст без id"}, ensure_ascii=False),
    ]), encoding="utf-8")
    docs = list(read_paths([path]))
    assert [(d.doc_id, d.status) for d in docs] == [("x1", "ok"), ("news:2", "error"),
                                                    ("news:3", "ok")]
    assert (docs[0].title, docs[0].url, docs[0].published_meta) == ("Заголовок", "http://a",
                                                                    "2020-12-22")
    assert "bad JSON" in docs[1].error


def test_jsonl_gz(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps({"id": 7, "text": "Текст"}).encode()))
    assert [(d.doc_id, d.text) for d in read_paths([path])] == [("7", "Текст")]


def test_csv_with_named_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("key,body\nk1,\"Текст, с запятой\"\nk2,Второй\n", encoding="utf-8")
    docs = list(read_paths([path], ReadOptions(text_column="body", id_column="key")))
    assert [(d.doc_id, d.text) for d in docs] == [("k1", "Текст, с запятой"), ("k2", "Второй")]
    bad = list(read_paths([path]))
    assert bad[0].status == "error" and "no column 'text'" in bad[0].error


def test_html_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><title>Заголовок</title>"
                    "<meta property='article:published_time' content='2021-01-02'>"
                    "<script>var x = 1;</script></head><body><h1>Заголовок</h1>"
                    "<p>Первый абзац.</p><p>Второй абзац.</p></body></html>", encoding="utf-8")
    (doc,) = read_paths([path])
    assert doc.text == "Заголовок\nПервый абзац.\nВторой абзац."
    assert (doc.title, doc.published_meta) == ("Заголовок", "2021-01-02")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r", "utf-16"])
def test_decodes_common_encodings(encoding):
    text = "Губернатор Астраханской области Игорь Бабушкин подписал план сотрудничества."
    decoded, _ = decode(text.encode(encoding))
    assert decoded == text


def test_binary_file_is_an_error_row(tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"\x00\xff\x00\x10" * 100)
    (doc,) = read_paths([tmp_path / "junk.txt"])
    assert doc.status == "error" and "binary" in doc.error


def test_missing_path_raises():
    with pytest.raises(InputError):
        list(read_paths(["/no/such/folder"]))
