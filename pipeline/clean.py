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
_NON_ALNUM = re.compile(r"[\W_]+")  # what str.isalnum refuses, exactly
_SENTENCE_END = re.compile(r"[.!?…][»\"”)]*\s*$|[.!?…][»\"”)]*\s+[«\"–—-]?\s*[А-ЯЁA-Z]")
_CREDIT = re.compile(r"^\s*(©|\(c\)|фото:|фото\s*[—-]|источник:|читайте также)", re.I)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_TIME_GLUED = re.compile(r"[^\S\n]*(?:,|в)?[^\S\n]*\d{1,2}:\d{2}(?!\d)")  # "03.02.2023 10:12Аким"
_TIME_LED = re.compile(r"[^\w\n]*(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d)")  # "06:00 Новости"
_SEPARATOR = re.compile(r"[|•·>]|\s[/»—–-]\s")  # "Политика | 12.03.2024 | Автор"


def _words_rx(kind: str) -> re.Pattern:
    forms = [r["form"] for r in dates._read_csv("dateline_words.csv") if r["kind"] == kind]
    forms = sorted(forms, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
                      + r")(?!\w)", re.I)


_LABEL = _words_rx("label")  # "Опубликовано:", "Дата публикации"
_WIDGET = _words_rx("widget")  # the weekday of a current-date widget, "Сегодня:"
_FILLER = _words_rx("filler")  # "г.", "ж." around a date
_PREPOSITIONS = frozenset(w for w in dates._PREWORDS if " " not in w)
# A dated address: /2017/04/18/, /2017-04-18/, /20170418/ (the news sites' usual schemes)
_URL_DATE = re.compile(r"/((?:19|20)\d\d)([/-]?)([01]\d)\2([0-3]\d)(?=[/_.?#-]|$)")
TITLE_MIN_WORDS = 4
PROSE_MIN_WORDS = 6
HEADER_LINES = 12  # a dateline is looked for among the first lines around the title


@dataclass
class Line:
    start: int
    stop: int
    text: str
    kind: str = ""
    date: object = None  # the DateMention that makes it a dateline / dated item
    found: list = None  # every DateMention of the line (offsets into the line)


def classify(line: Line) -> str:
    text = line.text.strip(" \t\r•·-–—|>")
    words = _WORD.findall(text)
    if not words:
        return "label"
    found = line.found = dates.scan(line.text)  # (a credit may carry the date: "Источник: X | date")
    if _CREDIT.search(line.text):
        return "credit"
    if found:  # (most lines have no date: the counts below are needed only when one has)
        date_chars = sum(m.stop - m.start for m in found)
        date_chars += sum(len(t) for t in _TIME.findall(line.text) if not any(
            m.time for m in found))
        letters = len(line.text) - sum(map(len, _NON_ALNUM.findall(line.text)))
        if date_chars >= 0.5 * max(letters, 1) or len(words) <= 6 and date_chars >= 6:
            line.date = found[0]
            return "dateline"
        if found[0].start - 0 <= 2 and found[0].time and len(words) > 4 and not _prose(
                text[found[0].stop:]):  # a lead glued to its dateline stays prose
            line.date = found[0]
            return "dated_item"
    if len(words) >= PROSE_MIN_WORDS and _SENTENCE_END.search(text):
        return "prose"
    if len(words) >= TITLE_MIN_WORDS - 1:
        return "headline"
    return "label"


def _prose(text: str) -> bool:
    return len(_WORD.findall(text)) >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(text))


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
        _published_from_meta(doc) or _published_from_url(doc)
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
    if dateline_i is not None and dateline_i == title_i and doc.published_start >= 0:
        _title_without_date(doc)
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
        if line.kind in ("headline", "prose") and len(_WORD.findall(line.text)) >= TITLE_MIN_WORDS:
            doc.title = line.text.strip()
            doc.title_start, doc.title_stop = line.start, line.stop
            return i
    return None


def _title_without_date(doc) -> None:
    """"Аким встретился с послом (3 марта 2016)", "Аким встретился с послом12.03.2024": the title
    is the line without the date at its end (or start)."""
    a, b = doc.title_start, doc.title_stop
    text = doc.text
    head = text[a:doc.published_start].rstrip(" \t([|•·—–-,")
    tail = text[doc.published_stop:b]
    tail = re.sub(r"^[^\S\n]*(?:г\.|\.)?(?:[^\S\n]*,?[^\S\n]*(?:в[^\S\n]+)?\d{1,2}:\d{2})?[^\S\n]*\)?", "", tail)
    if len(_WORD.findall(head)) >= TITLE_MIN_WORDS and not _WORD.search(tail):
        doc.title_stop = a + len(head)
    elif not _WORD.search(head) and len(_WORD.findall(tail)) >= TITLE_MIN_WORDS:
        doc.title_start = b - len(tail.lstrip(" \t)]|•·—–-,.:"))
    else:
        return
    doc.title = text[doc.title_start:doc.title_stop]


def _find_dateline(doc, lines, title_i, body_i) -> int | None:
    if _published_from_meta(doc):
        return None
    lo = 0 if title_i is None else max(0, title_i - 3)
    # to three lines into the body, however long the header (menus, tickers) before it
    hi = min(len(lines), max(body_i or 0, (title_i or 0)) + 3)
    for i in range(lo, hi):
        m = _publication_date(lines, i, title_i)
        if m is not None:
            line = lines[i]
            doc.published = m.value
            doc.published_start, doc.published_stop = m.start + line.start, m.stop + line.start
            return i
    _published_from_url(doc)
    return None


def _publication_date(lines, i, title_i):
    """The date line i shows as the article's own (a dateline or header), else None.

    A full date (day, month, year) counts when the line is a header: mostly the date ("Политика >>
    11.05.2014", "2024, 5 июня 10:12"), a few labels around separators ("Опубликовано: 12.03.2024 |
    Просмотров: 120"), the date glued to the next element ("03.02.2023Аким ..."), alone in brackets
    ("(3 марта 2016)") or a wire dateline ("ДУШАНБЕ, 17.12.2020 / ..."). Never a current-date
    widget ("Среда, 7 мая 2025", "Сегодня: 7 мая 2025": a weekday and no time, not right under
    the title), a date a word governs ("Программа передач на 5 июня 2024"), one of a list of dated
    headlines or the day of a schedule."""
    line = lines[i]
    text = line.text
    for m in line.found or ():
        if len(m.value) != 10 or m.end_value or m.relative:
            continue
        first = re.match(r"[^\W\d_]+", m.text)
        if first and first.group().lower() in _PREPOSITIONS | {"сегодня"}:
            continue
        before, after = text[:m.start], text[m.stop:]
        timed = m.time or _TIME.search(text)
        labelled = _labelled(before)
        if _WIDGET.search(text) and not timed and not labelled and (
                title_i is None or i != title_i + 1):
            return None  # a widget: a weekday and no time, anywhere but right under the title
        if not labelled and _dated_neighbour(lines, i, m):
            return None  # one of a list: dated headlines, a schedule
        if _header_shape(line, m, before, after) or _glued(line, m, before, after) and not (
                _glued_neighbour(lines, i - 1) or _glued_neighbour(lines, i + 1)):
            return m
    return None


def _dated_neighbour(lines, i, m) -> bool:
    """Another date line of another day, or of another time that day, within two lines:
    "Headline\n09.06.2025\nHeadline\n07.06.2025", "05.06.2024 10:00 Новости\n05.06.2024 11:00 Погода"."""
    for j in range(max(0, i - 2), min(len(lines), i + 3)):
        other = lines[j].date
        if j == i or lines[j].kind not in ("dateline", "dated_item") or other is None or len(
                other.value) != 10:
            continue
        if (other.value != m.value or m.time and other.time and other.time != m.time) and not (
                _WIDGET.search(lines[j].text)):
            return True
    timed = sum(1 for line in lines[i + 1:i + 4] if _TIME_LED.match(line.text) and not line.found)
    return timed >= 2  # the day of a schedule: "05.06.2024\n06:00 Новости\n06:30 Погода"


def _header_shape(line, m, before: str, after: str) -> bool:
    text = line.text
    rest = text
    for other in line.found:
        rest = rest[:other.start] + " " * (other.stop - other.start) + rest[other.stop:]
    rest_words = [w for w in _WORD.findall(_TIME.sub(" ", rest)) if not w.isdigit()
                  and not _FILLER.fullmatch(w)]
    if _labelled(before):  # "Опубликовано: 12.03.2024 ..."
        return True
    # a word in lower case runs on from the date as a sentence does ("12 марта 2024 года в Астане
    # пройдёт форум"); a header's words are names, rubrics and labels
    running = any(w[:1].islower() and not _WIDGET.fullmatch(w) and not _LABEL.fullmatch(w)
                  for w in rest_words)
    if line.kind != "prose" and ((line.kind == "dateline" or len(rest_words) <= 3) and not running
                                 or len(rest_words) <= 8 and _SEPARATOR.search(text)):
        return True
    tail = _TIME_GLUED.sub("", after, count=1) if _TIME_GLUED.match(after) else after
    bracket = re.sub(r"^[^\S\n]*г?\.", "", after)  # "(3 марта 2016 г.)": the dot is not the date's
    bracket = _TIME_GLUED.sub("", bracket, count=1) if _TIME_GLUED.match(bracket) else bracket
    if before.rstrip().endswith("(") and bracket.lstrip().startswith(")"):  # "(3 марта 2016)"
        head, end = before.rstrip()[:-1], bracket.lstrip()[1:]
        return not head.strip() or not end.strip(" .") or _wire_place(before)
    # a wire dateline: "ОМСК, 3 марта 2016 — ...", "Павлодар. 3 марта 2016. ...", "3 марта 2016. ..."
    # (not "8 августа 2008г. Грузия ...": the dot of "г." ends no sentence)
    stop = r"\.\s" if m.text[-1:].isdigit() else "(?!)"
    return (_wire_place(before) or not before.strip(" \t•·|")) and bool(
        re.match(r"[^\S\n]*(?:[—–/(]|-\s|" + stop + r")[^\S\n]*[«\"(/]*[А-ЯЁA-Z]", tail))


def _labelled(before: str) -> bool:
    """A label right before the date: "Опубликовано: ", "Дата публикации " (not "Дата проведения:")."""
    label = None
    for label in _LABEL.finditer(before):
        pass
    return label is not None and not before[label.end():].strip(" :\t")


def _wire_place(before: str) -> bool:
    """"ДУШАНБЕ, " / "Астана. ": a place opening a news agency's dateline."""
    found = re.fullmatch(r"\W*((?:[А-ЯЁA-Z][\w-]*[^\S\n]?){1,3})[,.]?[^\S\n]*\(?[^\S\n]*", before)
    return bool(found) and found.group(1).split()[0].lower() not in _PREPOSITIONS and (
        before.rstrip(" (").endswith((",", ".")) or before.rstrip().endswith("("))


def _glued(line, m, before: str, after: str) -> bool:
    """The date printed with no space against the next or previous element: "03.02.2023Аким",
    "Новости12.03.2024" (page elements joined when the page became text)."""
    tail = _TIME_GLUED.sub("", after, count=1) if _TIME_GLUED.match(after) else after
    if not re.search(r"[^\W\d_]", before) and tail[:1].isalpha():
        return True
    return bool(before) and before[-1].isalpha() and not re.search(r"[^\W\d_]", tail)


def _glued_neighbour(lines, j) -> bool:
    """Line j is a dated headline of a list ("8 января 2025 в 18:49В Астрахани прошла ...")."""
    if not 0 <= j < len(lines):
        return False
    line = lines[j]
    return line.kind == "dated_item" or any(
        _glued(line, m, line.text[:m.start], line.text[m.stop:]) for m in line.found or ())


def _published_from_url(doc) -> bool:
    """The date a news site writes into the article's address: /2017/04/18/, /2017-04-18/."""
    found = _URL_DATE.search(doc.url or "")
    if found:
        y, mo, d = int(found.group(1)), int(found.group(3)), int(found.group(4))
        if dates._valid(y, mo, d):
            doc.published = f"{y:04d}-{mo:02d}-{d:02d}"
    return bool(doc.published)


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
