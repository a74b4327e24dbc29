"""Finished results to look at: the tables of a run and the texts their offsets point into.

The tables hold no document text (only spans: `start`/`stop` index the text as decoded). To show
a document again its text is taken, in this order:

1. from the source file named in `documents.source` (a `.jsonl`/`.csv` source `path:line`
   names its file and record), read again exactly as the run read it, and kept only when its
   length still equals `documents.n_chars` (the file has not changed since the run);
2. otherwise rebuilt from the `sentences` table: every sentence at its offsets, the gaps between
   sentences filled with blanks (one space, or line breaks for longer gaps), so that every span
   of every table still points at the right characters. Text outside sentences is lost.

    tables = load_tables("data/processed/")
    texts, how = document_texts(tables)          # {doc_id: text}, {doc_id: "source"|"sentences"}
    tables, texts = process_inputs(["data/raw/"])  # or: run the pipeline now, in memory
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from . import schema as S

SOURCE, SENTENCES = "source", "sentences"
_RECORD_SUFFIX = re.compile(r":(\d+)$")


class ResultsError(ValueError):
    """Tables that cannot be found or read, or a document that is not in them."""


def load_tables(tables_dir, skip: Iterable[str] = ()) -> dict[str, pd.DataFrame]:
    """Every table of a finished run in `tables_dir` (CSV, Parquet, or a parquet-dataset
    folder of parts) with the contract's columns and types; a table that is absent comes back
    empty. When several formats are present the newest of each table is read. Tables in
    `skip` (the tokens of a big run) come back empty, unread."""
    from .write import read_table

    folder = Path(tables_dir)
    if not folder.is_dir():
        raise ResultsError(f"tables folder not found: {folder} (run `python cli.py run` first, "
                           f"or give the folder with --tables)")
    tables = {}
    for table in S.TABLES:
        found = [] if table in skip else _written(folder, table)
        if found:
            path = max(found, key=lambda p: p.stat().st_mtime)
            try:
                df = read_table(path)
            except Exception as e:  # noqa: BLE001 - any unreadable file is the user's to fix
                raise ResultsError(f"cannot read {path}: {type(e).__name__}: {e}") from e
            tables[table] = conform(table, df)
        else:
            tables[table] = empty(table)
    if not _written(folder, S.DOCUMENTS):
        raise ResultsError(f"no documents table (documents.csv, documents.parquet or a "
                           f"documents/ folder of parts) in {folder}")
    return tables


def _written(folder: Path, table: str) -> list[Path]:
    """Where a run wrote `table` in `folder`: TABLE.csv, TABLE.parquet, a TABLE/ folder of parts."""
    return [p for p in (folder / f"{table}.csv", folder / f"{table}.parquet") if p.is_file()] + \
        [p for p in (folder / table,) if p.is_dir()]


def empty(table: str) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in S.COLUMNS[table]})


def conform(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """`df` with exactly the contract's columns, in order (missing ones empty)."""
    df = df.copy()
    for c in S.COLUMNS[table]:
        if c not in df:
            df[c] = pd.Series([None] * len(df), dtype=_dtype(c), index=df.index)
    return df[S.COLUMNS[table]]


def _dtype(column: str) -> str:
    return {"int": "Int64", "bool": "boolean", "float": "float64"}.get(
        S.column_type(column), "string")


def process_inputs(inputs: Iterable, options=None, pipeline=None, progress=None
                   ) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Run the pipeline on `inputs` (files, folders) in memory: (tables, {doc_id: text}).
    `progress(doc)` is called after each document. Raises `InputError` for a missing path."""
    from .core import Pipeline
    from .read import read_paths

    pipeline = pipeline or Pipeline()
    docs = pipeline.process_many(read_paths(list(inputs), options))
    return documents_tables(_each(docs, progress), pipeline.models.gazetteer)


def _each(docs, progress):
    for doc in docs:
        yield doc
        if progress:
            progress(doc)


def documents_tables(docs: Iterable, gazetteer=None
                     ) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Processed Documents -> (tables, {doc_id: text}), as a run would write them."""
    from .tables import TableBuilder

    if gazetteer is None:
        from .gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    builder, texts = TableBuilder(gazetteer), {}
    for doc in docs:
        builder.add(doc)
        texts[doc.doc_id] = doc.text
    return {t: conform(t, df) for t, df in builder.frames().items()}, texts


def document_texts(tables: dict[str, pd.DataFrame], doc_ids: Iterable[str] | None = None,
                   options=None, root=None) -> tuple[dict[str, str], dict[str, str]]:
    """The texts of the documents of `tables` (all, or `doc_ids`): ({doc_id: text},
    {doc_id: "source" | "sentences"}). Relative sources are looked up from the current folder,
    then from `root`. Documents with neither a readable source nor sentences are left out."""
    docs = tables[S.DOCUMENTS]
    if doc_ids is not None:
        wanted = set(doc_ids)
        docs = docs[docs["doc_id"].isin(wanted)]
    texts, how = {}, {}
    expected = {str(r.doc_id): _int(r.n_chars) for r in docs.itertuples()}
    by_file: dict[Path, set] = {}
    for r in docs.itertuples():
        path = _source_file(str(r.source or ""), root)
        if path is not None:
            by_file.setdefault(path, set()).add(str(r.doc_id))
    for path, ids in by_file.items():
        for doc_id, text in _read_source(path, ids, options).items():
            if expected.get(doc_id) is None or len(text) == expected[doc_id]:
                texts[doc_id], how[doc_id] = text, SOURCE
    missing = [d for d in expected if d not in texts]
    if missing:
        rebuilt = texts_from_sentences(tables[S.SENTENCES], missing, expected)
        for doc_id, text in rebuilt.items():
            texts[doc_id], how[doc_id] = text, SENTENCES
    return texts, how


def texts_from_sentences(sentences: pd.DataFrame, doc_ids: Iterable[str],
                         lengths: dict[str, int | None] | None = None) -> dict[str, str]:
    """Texts rebuilt from the sentences table, offsets kept: gaps become blanks."""
    wanted = set(doc_ids)
    rows = sentences[sentences["doc_id"].isin(wanted)]
    out = {}
    for doc_id, group in rows.groupby("doc_id", sort=False):
        parts, at = [], 0
        for s in group.sort_values("start").itertuples():
            start, text = int(s.start), str(s.text)
            if start < at:  # overlapping sentences: keep the first
                continue
            parts.append(_gap(start - at))
            parts.append(text)
            at = start + len(text)
        length = (lengths or {}).get(doc_id)
        if length is not None and length > at:
            parts.append(_gap(length - at))
        out[str(doc_id)] = "".join(parts)
    return out


def _gap(n: int) -> str:
    if n <= 0:
        return ""
    if n == 1:
        return " "
    return "\n\n" + " " * (n - 2)


def _int(value):
    try:
        return None if pd.isna(value) else int(value)
    except (TypeError, ValueError):
        return None


def _source_file(source: str, root=None) -> Path | None:
    """The file a `documents.source` names (`path` or `path:line` of a .jsonl/.csv record)."""
    if not source or source.startswith("<"):
        return None
    candidates = [source]
    match = _RECORD_SUFFIX.search(source)
    if match:
        candidates.insert(0, source[: match.start()])
    for candidate in candidates:
        for base in (None, root):
            path = Path(candidate) if base is None else Path(base) / candidate
            if path.is_file():
                return path
    return None


def _read_source(path: Path, doc_ids: set, options=None) -> dict[str, str]:
    from .read import ReadOptions, _stem, read_file

    # the id the run gave the file: its stem, or "folder/stem" when another file had the stem
    own = _stem(path)
    stem = next((base for base in (i.rsplit(":", 1)[0] if ":" in i else i for i in doc_ids)
                 if base.endswith("/" + own)), own)
    out = {}
    try:
        for doc in read_file(path, options or ReadOptions(), stem):
            if doc.doc_id in doc_ids and doc.status == "ok":
                out[doc.doc_id] = doc.text
                if len(out) == len(doc_ids):  # the rest of a big .jsonl is not read
                    break
    except Exception:  # noqa: BLE001 - an unreadable source falls back to the sentences
        return out
    return out


def select_document(tables: dict[str, pd.DataFrame], doc_id: str) -> dict[str, pd.DataFrame]:
    """The rows of one document in every per-document table (people and regions: those the
    document mentions)."""
    docs = tables[S.DOCUMENTS]
    if not (docs["doc_id"] == doc_id).any():
        known = ", ".join(docs["doc_id"].astype(str).head(5))
        more = " ..." if len(docs) > 5 else ""
        raise ResultsError(f"document {doc_id!r} is not in the tables (documents: {known}{more})")
    out = {}
    for table, df in tables.items():
        if "doc_id" in df.columns:
            out[table] = df[df["doc_id"] == doc_id]
    mentions = out[S.MENTIONS]
    people_ids = set(mentions.loc[mentions["type"] == S.PER, "entity_id"].astype(str))
    people_ids |= set(out[S.OFFICIALS]["person_id"].astype(str))
    region_ids = set(mentions.loc[mentions["type"] == S.LOC, "entity_id"].astype(str))
    out[S.PEOPLE] = tables[S.PEOPLE][tables[S.PEOPLE]["person_id"].isin(people_ids - {""})]
    out[S.REGIONS] = tables[S.REGIONS][tables[S.REGIONS]["region_id"].isin(region_ids - {""})]
    out[S.POSTS] = tables[S.POSTS][tables[S.POSTS]["person_id"].isin(people_ids - {""})]
    return out
