"""Stage 2: find the title, the publication date and the article body; mark boilerplate.

Nothing is cut: the stage only records spans (title, dateline, body, boilerplate) over the text as
decoded, so every later offset stays an index into the original.

Lines are classified by shape — prose (sentences), headline (words, no full stop), dateline (mostly
a date), dated item (a date glued to a headline, as related-news lists print them), label (a few
words: menus, section names), credit (© ...). The body runs from the first prose line after the
title to the last prose line; what lies outside it, other than the title and the dateline, is
boilerplate, and so are credit lines, repeated titles and runs of headline/date items inside it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .segment import LINE
from .stage import Stage

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…][»\"”)]*\s*$|[.!?…][»\"”)]*\s+[«\"–—-]?\s*[А-ЯЁA-Z]")
_CREDIT = re.compile(r"^\s*(©|\(c\)|фото:|фото\s*[—-]|источник:|читайте также)", re.I)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
TITLE_MIN_WORDS = 4
PROSE_MIN_WORDS = 6
HEADER_LINES = 12  # a dateline is looked for among the first lines around the title
# A title is a line, not a paragraph or a whole document written on one line: a longer line is
# never taken for the title (nor searched for a dateline).
MAX_TITLE_CHARS = 1000


@dataclass
class Line:
    start: int
    stop: int
    text: str
    kind: str = ""
    date: object = None  # the DateMention that makes it a dateline / dated item


def classify(line: Line) -> str:
    text = line.text.strip(" \t\r•·-–—|>")
    words = _WORD.findall(text)
    if not words:
        return "label"
    if _CREDIT.search(line.text):
        return "credit"
    found = dates.scan(line.text)
    if found:  # (most lines have no date: the counts below are needed only when one has)
        date_chars = sum(m.stop - m.start for m in found)
        date_chars += sum(len(t) for t in _TIME.findall(line.text) if not any(
            m.time for m in found))
        letters = sum(1 for ch in line.text if ch.isalnum())
        if date_chars >= 0.5 * max(letters, 1) or len(words) <= 6 and date_chars >= 6:
            line.date = found[0]
            return "dateline"
        if found[0].start - 0 <= 2 and found[0].time and len(words) > 4:
            line.date = found[0]
            return "dated_item"
    if len(words) >= PROSE_MIN_WORDS and _SENTENCE_END.search(text):
        return "prose"
    if len(words) >= TITLE_MIN_WORDS - 1:
        return "headline"
    return "label"


def lines_of(text: str) -> list[Line]:
    lines = []
    for m in LINE.finditer(text):
        if m.group().strip():
            start = m.start() + (len(m.group()) - len(m.group().lstrip()))
            stop = m.start() + len(m.group().rstrip())
            lines.append(Line(start, stop, text[start:stop]))
    for line in lines:
        line.kind = classify(line)
    return lines


def run(doc, models=None) -> None:
    text = doc.text
    lines = lines_of(text)
    doc.body_start, doc.body_stop = 0, len(text)
    doc.boilerplate = []
    if not lines:
        _published_from_meta(doc)
        return

    title_i = _find_title(doc, lines)
    prose = [i for i, line in enumerate(lines) if line.kind == "prose" and i != title_i]
    first = next((i for i in prose if i > (title_i if title_i is not None else -1)),
                 prose[0] if prose else None)
    last = prose[-1] if prose else None
    if first is None:  # no prose at all: keep everything as body
        first, last = (title_i + 1 if title_i is not None and title_i + 1 < len(lines) else 0,
                       len(lines) - 1)
    doc.body_start, doc.body_stop = lines[first].start, lines[last].stop

    dateline_i = _find_dateline(doc, lines, title_i, first)
    boiler = []
    for i, line in enumerate(lines):
        if i in (title_i, dateline_i):
            continue
        outside = i < first or i > last
        repeated_title = doc.title and _squash(line.text) == _squash(doc.title)
        if outside or line.kind in ("credit", "dated_item") or repeated_title:
            boiler.append(i)
    boiler += _headline_date_runs(lines, first, last)
    doc.boilerplate = _merge_spans(sorted({(lines[i].start, lines[i].stop) for i in boiler}))


def _squash(text: str) -> str:
    return " ".join(text.split())


def _find_title(doc, lines) -> int | None:
    if doc.title:  # given by metadata: locate it, if the text repeats it
        wanted = _squash(doc.title)
        for i, line in enumerate(lines[:HEADER_LINES]):
            if _squash(line.text) == wanted:
                doc.title_start, doc.title_stop = line.start, line.stop
                return i
        return None
    for i, line in enumerate(lines[:HEADER_LINES]):
        if line.kind in ("headline", "prose") and len(line.text) <= MAX_TITLE_CHARS \
                and len(_WORD.findall(line.text)) >= TITLE_MIN_WORDS:
            doc.title = line.text.strip()
            doc.title_start, doc.title_stop = line.start, line.stop
            return i
    return None


def _find_dateline(doc, lines, title_i, body_i) -> int | None:
    if _published_from_meta(doc):
        return None
    lo = 0 if title_i is None else max(0, title_i - 3)
    hi = min(len(lines), max(body_i or 0, (title_i or 0)) + 3, lo + HEADER_LINES)
    for i in range(lo, hi):
        line = lines[i]
        m = line.date
        if line.kind == "dateline" and m is not None and m.value and len(m.value) == 10:
            doc.published = m.value
            doc.published_start, doc.published_stop = m.start + line.start, m.stop + line.start
            return i
    return None


def _published_from_meta(doc) -> bool:
    if doc.published_meta:
        doc.published = dates.parse_published_meta(doc.published_meta)
    return bool(doc.published)


def _headline_date_runs(lines, first, last) -> list[int]:
    """Related-news lists inside the body: two or more headline+date pairs in a row."""
    marked, run = [], []
    for i in range(first, last + 1):
        kind = lines[i].kind
        if kind in ("headline", "dateline", "dated_item", "label"):
            run.append(i)
            continue
        if sum(lines[j].kind in ("dateline", "dated_item") for j in run) >= 2:
            marked += run
        run = []
    if sum(lines[j].kind in ("dateline", "dated_item") for j in run) >= 2:
        marked += run
    return marked


def _merge_spans(spans):
    merged = []
    for start, stop in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(stop, merged[-1][1]))
        else:
            merged.append((start, stop))
    return merged


STAGE = Stage("clean", run, requires=("text",),
              provides=("title", "published", "body_start", "body_stop", "boilerplate",
                        "published_start", "published_stop"))
