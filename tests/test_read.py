"""Read: folders of .txt, .jsonl, .csv and .html into Documents; bad items become error rows."""
import gzip
import json
import os
import tracemalloc

import pytest

from pipeline.read import (MAX_FILE_BYTES, Decoded, InputError, ReadOptions, decode,
                           decode_bytes, read_paths)


def test_txt_folder_recursive_and_ids(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Первый текст", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Второй текст", encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    docs = list(read_paths([tmp_path]))
    assert [(d.doc_id, d.text) for d in docs] == [("one", "Первый текст"), ("two", "Второй текст")]


def test_same_file_name_in_two_folders_keeps_two_ids(tmp_path):
    for folder, text in (("a", "Первый"), ("b", "Второй")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "news.txt").write_text(text, encoding="utf-8")
        (tmp_path / folder / "feed.jsonl").write_text(json.dumps({"text": text}) + "\n",
                                                      encoding="utf-8")
    docs = list(read_paths([tmp_path]))
    ids = [d.doc_id for d in docs]
    assert len(set(ids)) == len(ids) == 4
    assert {d.doc_id: d.text for d in docs}["news"] == "Первый"
    assert {d.doc_id: d.text for d in docs}["b/news"] == "Второй"


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


# (record's fields, published_meta): feeds name the publication date in more ways than `published`
@pytest.mark.parametrize("fields, meta", [
    ({"published": "2020-12-22"}, "2020-12-22"),
    ({"date": "22.12.2020"}, "22.12.2020"),
    ({"pubDate": "Tue, 22 Dec 2020 17:44:00 +0300"}, "Tue, 22 Dec 2020 17:44:00 +0300"),
    ({"datePublished": "2020-12-22T17:44:00+03:00"}, "2020-12-22T17:44:00+03:00"),
    ({"published_at": 1608648240}, "1608648240"),
    ({"published": "", "date": "2020-12-22"}, "2020-12-22"),
    ({"updated": "2020-12-22"}, ""),
])
def test_jsonl_publication_date_fields(tmp_path, fields, meta):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": "Текст", **fields}, ensure_ascii=False) + "\n", encoding="utf-8")
    (doc,) = read_paths([path])
    assert doc.published_meta == meta


def test_csv_pubdate_column(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("text,url,pubDate\nТекст,https://example.kz/2017/04/18/x/,18.04.2017\n",
                    encoding="utf-8")
    (doc,) = read_paths([path])
    assert (doc.published_meta, doc.url) == ("18.04.2017", "https://example.kz/2017/04/18/x/")


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


def test_html_page_address(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><head><link rel='canonical' href='https://example.kz/news/2021/01/02/x/'>"
                    "</head><body><p>Первый абзац.</p></body></html>", encoding="utf-8")
    (doc,) = read_paths([path])
    assert doc.url == "https://example.kz/news/2021/01/02/x/"


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


# -- dirty inputs: encodings ------------------------------------------------------------------
NEWS = "Губернатор Астраханской области Игорь Бабушкин подписал план сотрудничества."


@pytest.mark.parametrize("encoding, recorded, data", [
    ("utf-8", "utf-8", NEWS.encode("utf-8")),
    ("utf-8 with BOM", "utf-8-sig", NEWS.encode("utf-8-sig")),
    ("cp1251", "cp1251", NEWS.encode("cp1251")),
    ("koi8-r", "koi8-r", NEWS.encode("koi8-r")),
    ("utf-16 with BOM", "utf-16", NEWS.encode("utf-16")),
    ("utf-16-le without BOM", "utf-16-le", NEWS.encode("utf-16-le")),
    ("utf-16-be without BOM", "utf-16-be", NEWS.encode("utf-16-be")),
    ("utf-32 with BOM", "utf-32", NEWS.encode("utf-32")),
    ("cp1251 in capitals", "cp1251", NEWS.upper().encode("cp1251")),
])
@pytest.mark.parametrize("kind", ["txt", "jsonl", "csv"])
def test_encoding_detected_and_recorded(tmp_path, kind, encoding, recorded, data):
    text = data.decode(recorded if recorded != "utf-16-le" else "utf-16-le")
    if encoding == "utf-8 with BOM":
        text = text.lstrip("\ufeff")
    codec = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "utf-32": "utf-32"}.get(
        recorded, recorded)
    if kind == "jsonl":
        data = (json.dumps({"id": "n1", "text": text}, ensure_ascii=False) + "\n").encode(codec)
    elif kind == "csv":
        data = f'id,text\nn1,"{text}"\n'.encode(codec)
    path = tmp_path / f"n1.{kind}"
    path.write_bytes(data)
    (doc,) = read_paths([path])
    assert (doc.status, doc.error) == ("ok", "")
    assert doc.text == text and doc.doc_id == "n1"
    assert doc.encoding == recorded


def test_undecodable_bytes_are_reported_not_dropped(tmp_path):
    # UTF-8 with one stray byte: kept as UTF-8, the byte replaced and counted in `encoding`
    (tmp_path / "stray.txt").write_bytes(NEWS.encode() + b" \xff " + NEWS.encode())
    (doc,) = read_paths([tmp_path / "stray.txt"])
    assert doc.status == "ok" and "\ufffd" in doc.text
    assert doc.encoding == "utf-8 (1 undecodable byte replaced by U+FFFD)"
    assert doc.text.replace(" \ufffd ", "") == NEWS + NEWS


def test_mostly_undecodable_is_an_error_row(tmp_path):
    junk = bytes((i * 131 + 7) % 128 + 128 for i in range(4000))  # high bytes, no NUL
    (tmp_path / "junk.txt").write_bytes(junk)
    (doc,) = read_paths([tmp_path / "junk.txt"])
    assert doc.status == "error" and doc.error_stage == "read"
    assert doc.error.startswith(("undecodable:", "binary data, not text:")), doc.error


def test_decode_rules_in_isolation():
    assert decode_bytes(b"plain ascii") == Decoded("plain ascii", "utf-8", 0)
    stray = decode_bytes(NEWS.encode() * 3 + b"\xc3")
    assert (stray.encoding, stray.replaced) == ("utf-8", 1)
    assert decode_bytes("\ufffd".encode() + b"x").replaced == 0  # a U+FFFD of the text itself
    assert decode_bytes(NEWS.encode("koi8-r")).text == NEWS


# -- empty, binary, NUL, huge -----------------------------------------------------------------
@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty file: 0 bytes"),
    ("blank.txt", b" \n\t\r\n  ", "empty document: only whitespace"),
    ("bom-only.txt", b"\xef\xbb\xbf", "empty document: no text"),
    ("empty.jsonl", b"\n\n", "empty file: no JSON lines"),
    ("empty.csv", b"\n", "empty file: no CSV header"),
    ("header.csv", b"id,text\n", "empty file: a CSV header but no rows"),
    ("page.html", b"<html><script>var a;</script><p> </p></html>",
     "empty document: no visible text in the page"),
])
def test_empty_inputs_are_error_rows(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (doc,) = read_paths([tmp_path / name])
    assert (doc.status, doc.error, doc.error_stage) == ("error", reason, "read")


def test_empty_records_are_error_rows(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": ""}\n{"id": "b", "text": " \\n "}\n'
                    '{"id": "c", "text": "Текст."}\n', encoding="utf-8")
    docs = list(read_paths([path]))
    assert [(d.doc_id, d.status) for d in docs] == [("a", "error"), ("b", "error"), ("c", "ok")]
    assert docs[0].error == "empty document: no text"


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 20,  # every byte value
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(200)) * 10,
    b"PK\x03\x04" + bytes((i * 7) % 256 for i in range(3000)),  # a zip
    b"\x00" * 1000,
])
def test_binary_files_are_error_rows(tmp_path, data):
    (tmp_path / "x.txt").write_bytes(data)
    (doc,) = read_paths([tmp_path / "x.txt"])
    assert doc.status == "error"
    assert doc.error.startswith(("binary data, not text:", "undecodable:")), doc.error


def test_a_few_nul_bytes_become_spaces(tmp_path, nlp):
    (tmp_path / "nul.txt").write_bytes(("Губернатор Астраханской области Игорь Бабушкин\x00 "
                                        "подписал план.\x00").encode())
    (doc,) = read_paths([tmp_path / "nul.txt"])
    assert doc.status == "ok" and "\x00" not in doc.text
    assert doc.encoding == "utf-8 (2 NUL characters replaced by spaces)"
    assert [p.name for p in nlp.process(doc).people] == ["Игорь Бабушкин"]


def test_huge_file_is_refused_unread(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: over the limit on disk without writing 20 MiB
        f.truncate(MAX_FILE_BYTES + 1)
    tracemalloc.start()
    try:
        (doc,) = read_paths([big])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert doc.status == "error"
    assert doc.error == (f"file too large: {MAX_FILE_BYTES + 1} bytes, over the "
                         f"{MAX_FILE_BYTES}-byte limit")
    assert peak < 1_000_000  # the file was never read


def test_jsonl_is_streamed_with_a_per_record_limit(tmp_path):
    """A JSONL file far over the limit is read record by record; one huge line is an error
    row, the lines after it are read, and memory stays near the limit, not the file size."""
    limit = 100_000
    path = tmp_path / "dump.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for i in range(30):
            f.write(json.dumps({"id": f"a{i}", "text": "Новость " * 1000},
                               ensure_ascii=False) + "\n")
        f.write(json.dumps({"id": "huge", "text": "x" * 3_000_000}) + "\n")
        f.write(json.dumps({"id": "after", "text": "Текст после."}, ensure_ascii=False) + "\n")
    assert path.stat().st_size > 10 * limit
    tracemalloc.start()
    try:
        docs = [(d.doc_id, d.status, d.error)
                for d in read_paths([path], ReadOptions(max_bytes=limit))]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d[:2] for d in docs] == [(f"a{i}", "ok") for i in range(30)] + [
        ("dump:31", "error"), ("after", "ok")]
    assert docs[30][2] == f"record too large: JSON line over the {limit}-byte limit"
    assert peak < 6 * limit  # the 3 MB line was skipped in chunks, never held whole


def test_csv_record_limit_and_big_fields(tmp_path):
    path = tmp_path / "t.csv"
    long_text = "Длинный текст. " * 20_000  # 300 000 characters: over csv's default field limit
    path.write_text(f'id,text\nbig,"{long_text}"\nhuge,"{"y" * 2_000_000}"\nnext,Текст\n',
                    encoding="utf-8")
    docs = list(read_paths([path], ReadOptions(max_bytes=1_000_000)))
    assert [(d.doc_id, d.status) for d in docs] == [("big", "ok"), ("t:3", "error"),
                                                    ("next", "ok")]
    assert docs[0].text == long_text
    assert docs[1].error.startswith("record too large: CSV record over the 1000000-byte limit")


# -- malformed records ------------------------------------------------------------------------
def test_malformed_jsonl_lines_do_not_stop_the_file(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([
        '{"id": "a", "text": "Первый."}',
        '{"id": "b", "text": "обрыв',  # truncated
        '[1, 2, 3]',  # not an object
        '"just a string"',
        '{"id": "c"}',  # no text
        '{"id": "d", "text": 42}',  # text not a string
        "[" * 100_000,  # nested deeper than the JSON parser goes
        '{"id": "e", "text": "лишний мусор"} trailing',
        '{"id": "f", "text": "Текст\\u2028с разделителем строк."}',
        '{"id": "g", "text": "одинокий \\ud800 суррогат", "title": "\\udfff"}',
        '{"id": "h", "text": "Последний."}',
    ]) + "\n", encoding="utf-8")
    docs = list(read_paths([path]))
    assert [(d.doc_id, d.status) for d in docs] == [
        ("a", "ok"), ("news:2", "error"), ("news:3", "error"), ("news:4", "error"),
        ("news:5", "error"), ("news:6", "error"), ("news:7", "error"), ("news:8", "error"),
        ("f", "ok"), ("g", "ok"), ("h", "ok")]
    assert all(d.error.startswith("bad JSON line: ") for d in docs if d.status == "error")
    assert docs[8].text == "Текст\u2028с разделителем строк."  # U+2028 does not split a line
    assert (docs[9].text, docs[9].title) == ("одинокий \ufffd суррогат", "\ufffd")
    assert "1 lone surrogate replaced" in docs[9].encoding


def test_malformed_csv_rows_do_not_stop_the_file(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,text,title\n'
                    'a,Первый,T\n'
                    'b,too,many,fields\n'
                    'c\n'
                    '\n'
                    'd,"многострочный\nтекст",T\n'
                    'e,"кавычка "внутри" поля",T\n'
                    'f,Последний,T\n', encoding="utf-8")
    docs = list(read_paths([path]))
    assert [(d.doc_id, d.status) for d in docs] == [
        ("a", "ok"), ("t:3", "error"), ("t:4", "error"), ("d", "ok"), ("e", "ok"),
        ("f", "ok")]
    assert docs[1].error == "bad CSV row: 4 fields where the header has 3"
    assert docs[3].text == "многострочный\nтекст"


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path):
    lines = "".join(json.dumps({"id": f"n{i}", "text": f"Новость {i}. " * 50},
                               ensure_ascii=False) + "\n" for i in range(200))
    path = tmp_path / "news.jsonl.gz"
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: len(data) // 2])
    docs = list(read_paths([path]))
    assert all(d.status == "ok" for d in docs[:-1]) and len(docs) > 10
    assert docs[-1].status == "error" and docs[-1].doc_id == "news:error"
    assert docs[-1].error.startswith("not a readable gzip file: ")
    (not_gz,) = read_paths([_write(tmp_path / "plain.jsonl.gz", b'{"text": "x"}\n')])
    assert not_gz.status == "error" and not_gz.doc_id == "plain"


def test_special_files_are_error_rows(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block the run for ever
    (doc,) = read_paths([fifo])
    assert doc.status == "error" and doc.error.startswith("not a regular file")


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_found_from_the_header(tmp_path, delimiter):
    path = tmp_path / "t.csv"
    path.write_bytes(f"id{delimiter}text\nk1{delimiter}Текст, с запятой; и точкой с запятой\n"
                     .replace(f"{delimiter}Текст", f'{delimiter}"Текст').replace(
                         "запятой\n", 'запятой"\n').encode("cp1251"))
    (doc,) = read_paths([path])
    assert (doc.doc_id, doc.text, doc.encoding) == (
        "k1", "Текст, с запятой; и точкой с запятой", "cp1251")
