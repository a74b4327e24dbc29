"""Date stage: find date expressions in Russian news, normalise them, resolve relative ones.

Pure Python + ``re``, no model. Span conventions follow NEREL's DATE annotation: a governing
preposition is part of the span ("в 2018 году", "с 16 апреля по 19 мая 2019 года", "через два дня"),
durations and relative expressions are dates ("три года", "в прошлом году", "сегодня"), a time of
day is kept in ``time`` ("8 января в 18:49"), a trailing abbreviation dot is not ("в 1912г").

How it works: one master regex (prefix words + an alternation of every rule) finds where a date can
start; at each such place the rules are tried in order, each with its own regex and a handler that
reads the groups and returns the normalised fields or None (rejected: the next rule is tried). So a
rule can refuse on context (an age, not a duration) without hiding the rules after it.

``normal`` is an ISO value ("2014-05-11", an interval "2025/2027", "2020-12-22T17:44") for absolute
dates; for the others a small resolvable formula: "XXXX-05-09" (no year), "YEAR-1-09" (September
last year), "DAY-1" (yesterday), "WD5<" (the last Friday), "P2Y" (a duration), "+P1W" (a week after
some other event), "PRESENT_REF"/"PAST_REF". ``resolve_all`` turns the resolvable ones into values.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from bisect import bisect_right
from pathlib import Path

from .records import DateMention, Document
from .segment import normal_text
from .stage import Stage

_DATA = Path(__file__).parent / "data"


def _read_csv(name: str) -> list[dict]:
    with open(_DATA / name, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


# ----------------------------------------------------------------------------- vocabulary (data)
MONTHS: dict[str, int] = {}  # form -> month number
_MONTH_FORMS: dict[str, list[str]] = {"full": [], "abbr": [], "en": []}
for _r in _read_csv("months.csv"):
    MONTHS[_r["form"]] = int(_r["month"])
    _MONTH_FORMS[_r["kind"]].append(_r["form"])

WORDS: dict[str, dict[str, str]] = {}  # kind -> form -> value
for _r in _read_csv("date_words.csv"):
    WORDS.setdefault(_r["kind"], {})[_r["form"]] = _r["value"]


def _alt(forms) -> str:
    """A trie-shaped alternation (fast in `re`: one branch per first letter), longest first.
    "*" in a form = any word ending, " " = any run of spaces."""
    trie: dict = {}
    for form in forms:
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node) -> str:
        ends = "" in node
        alts = []
        for ch in sorted((k for k in node if k), key=lambda k: -len(k)):
            piece = r"\w*" if ch == "*" else r"[^\S\n]+" if ch == " " else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if ends else body

    return "(?:" + emit(trie) + r")(?!\w)"


def _lookup(kind: str, word: str) -> str:
    """Value of `word` in WORDS[kind], stems ("прошл*") and spacing handled."""
    word = re.sub(r"\s+", " ", word.lower().replace("ё", "е"))
    table = WORDS[kind]
    for form, value in table.items():
        f = form.replace("ё", "е")
        if f == word or (f.endswith("*") and word.startswith(f[:-1])):
            return value
    return ""


# ----------------------------------------------------------------------------- regex pieces
_S, _S0 = r"[^\S\n]+", r"[^\S\n]*"  # spaces (NBSP too), never a line break
_DASH = _S0 + r"[-‐‑‒–—−]" + _S0
_NB = r"(?<![\d.,:/\-])"  # a number that does not continue another one ("16,5", "8-800")
_D = _NB + r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_D2 = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"  # the second day of "27-28 сентября"
_AND = f"(?:{_DASH}|{_S}и{_S}|,{_S0})"  # "27-28", "30 июня и 1 июля", "2, 3 мая"
_Y = _NB + r"(?:1\d\d\d|20\d\d)(?![\d])"
_YW = r"(?:год(?:ами|ах|ам|ов|ом|у|ы|е|а)?|гг?)(?!\w)"  # the dot of "г." stays out (NEREL)
_TIME = r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)"
_MON_FULL = _alt(_MONTH_FORMS["full"])
_MON_ABBR = _alt(_MONTH_FORMS["abbr"]) + r"\.?"
_MON_EN = _alt(_MONTH_FORMS["en"]) + r"\.?"
_MON = f"(?:{_MON_FULL}|{_MON_ABBR}|{_MON_EN})"
_ROMAN = r"(?-i:[IVXLCХ]{1,7})(?!\w)"  # Cyrillic Х is common in "ХХ век"
_SEASON = _alt(WORDS["season"])
_WEEKDAY = _alt(WORDS["weekday"])
_MOD = _alt(WORDS["modifier"])
_UNIT = _alt(WORDS["unit"])
_NUMW = _alt(WORDS["number"])
_ORDW = _alt(WORDS["ordinal"])
_DECW = _alt(WORDS["decade"])
_RELW = _alt(WORDS["relword"])
_QTY = r"(?:" + _NB + r"\d{1,3}(?:[.,]\d)?(?!\d)|" + _NUMW + ")"
_YEARMOD = f"(?P<ymod>{_MOD}){_S}(?:года|году|год)(?!\\w)"  # "прошлого года"

# Words that may open a date span (NEREL keeps them): prepositions, "в течение", "около",
# "в начале", "до конца"... Up to three of them ("в течение примерно", "в самом начале").
_PREWORDS = [
    "в", "во", "с", "со", "на", "к", "ко", "до", "за", "по", "от", "через", "спустя", "около",
    "почти", "примерно", "приблизительно", "свыше", "более", "больше", "менее", "меньше",
    "не более", "не менее", "не позднее", "не позже", "не ранее", "немногим более", "в течение",
    "в течении", "на протяжении", "в период", "вплоть до", "начиная с", "самом", "начале",
    "начала", "началу", "конце", "конца", "концу", "середине", "середины", "середину",
    "первой половине", "второй половине", "первую половину", "вторую половину",
    "каждый", "каждую", "каждое", "каждые", "последние", "последних", "последний", "последнее",
    "ближайшие", "ближайших", "ближайший",
]
# (with no prefix word a date may follow a letter: "Новости12.03.2024", page elements run together)
_PRE = r"(?P<pre>(?:(?<!\w)" + _alt(_PREWORDS) + _S + r"){0,3})"

# Triggers that make "N лет" a duration rather than an age; age cues that veto it.
_DUR_TRIGGERS = {
    "через", "спустя", "за", "около", "почти", "примерно", "приблизительно", "свыше", "более",
    "больше", "менее", "меньше", "не более", "не менее", "немногим более", "в течение",
    "в течении", "на протяжении", "на", "последние", "последних", "ближайшие", "ближайших", "каждые", "каждый", "каждую",
}
_AFTER = r"(?P<after>тому" + _S + r"назад|назад|спустя|позже|позднее|ранее|раньше|тюрьмы|колонии|заключения|лишения|строгого)(?!\w)"
_AGE_CUE = re.compile(
    r"(?:возраст\w*|исполнил\w*|исполнит\w*|исполняется|было|будет|старше|младше|моложе|лет\s+от"
    r"|от\s+\d+\s+до|\bему|\bей|\bим)[^\S\n]+(?:\w+[^\S\n]+)?"
    r"(?:(?:около|почти|примерно|уже|всего|лишь|только)[^\S\n]+)?$", re.I)
_AGE_AFTER = re.compile(r"[^\S\n]+(?:старше|младше|моложе)(?!\w)", re.I)

# ----------------------------------------------------------------------------- rules
# (name, pattern); order matters: the first rule whose handler accepts wins at a position.
_RULES = [
    ("iso", _NB + r"(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<t>\d\d:\d\d)(?::\d\d(?:\.\d+)?)?"
     r"(?:Z|[+-]\d\d:?\d\d)?)?(?![\d\w])"),
    ("num", f"(?:(?P<t0>{_TIME}){_S})?" + _NB + r"(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)"
     r"(?P<y>\d{4}|\d\d)(?!\d|[.,]\d)" f"(?:,?{_S}(?:в{_S})?(?P<t1>{_TIME}))?"),
    # year first: "2024.06.05 10:12", "2024/06/05" (feeds, some sites' datelines)
    ("ymd", _NB + r"(?P<y>(?:1\d|20)\d\d)(?P<sep>[./])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?![\d\w]|[.,]\d)"
     f"(?:,?{_S}(?P<t1>{_TIME}))?"),
    # "2024, 5 июня 10:12": a dateline (the handler refuses it inside a sentence)
    ("ydm", f"(?P<y>{_Y})(?:{_S0}г\\.)?,{_S0}(?P<d>{_D}){_S}(?P<m>{_MON})"
     f"(?:(?:,?{_S}(?:в{_S})?|,{_S0})(?P<t1>{_TIME}))?"),
    ("span", f"(?:с|со|от){_S}(?P<a>(?P<ad>{_D})(?:{_S}(?P<am>{_MON}))?|(?P<ay>{_Y})(?:{_S0}{_YW})?)"
     f"{_S}(?:по|до){_S}(?P<b>(?P<bd>{_D}){_S}(?P<bm>{_MON})(?:,?{_S}(?P<by>{_Y})(?:{_S0}{_YW})?)?"
     f"|(?P<by2>{_Y})(?:{_S0}(?P<byw>{_YW}))?)"),
    ("dmy", f"(?:(?P<t0>{_TIME}){_S})?(?P<d1>{_D})(?:-?(?:го|е|ое)(?!\\w))?(?:(?P<and1>{_AND})(?P<d2>{_D2}))?"
     f"{_S0}(?P<m1>{_MON})(?:(?P<and2>{_AND})(?P<d3>{_D2}){_S}(?P<m2>{_MON}))?"
     f"(?:,?{_S}(?:(?P<y>{_Y})(?:-(?:го|й)(?!\\w)|{_S0}{_YW})?|{_YEARMOD}))?"
     f"(?:(?:,?{_S}(?:(?:в|около|к){_S})?|,{_S0})(?P<t1>{_TIME}))?"),
    ("mdy", f"(?:(?P<t0>{_TIME}){_S})?(?P<m1>{_MON}){_S0}(?P<d1>{_D}),?{_S}(?P<y>{_Y})"),
    ("yrange", f"(?P<y1>{_Y})(?:-(?:го|й|х))?(?:{_DASH}|(?P<slash>/))(?P<y2>(?:1\\d|20)\\d\\d|\\d\\d)(?!\\d)(?:{_S0}(?P<yw>{_YW}))?"),
    ("decade", _NB + r"(?P<y>(?:1\d|20)\d0|[1-9]0|00)-(?:ые|ых|ыми|ым|е|х)(?!\w)"
     f"(?:{_S}(?P<yw>годы|годах|годов|годам|годами|гг)(?!\\w))?"),
    ("decw", f"(?P<dw>{_DECW})(?:{_S}(?P<yw>годы|годах|годов|годам|годами)(?!\\w))?"
     f"(?:{_S}(?P<cw>{_ORDW}){_S}век\\w*)?"),
    ("year", f"(?P<y>{_Y})(?:-(?:го|й|м|му|ом)(?!\\w))?{_S0}(?P<yw>{_YW})|(?P<y2>{_Y})-(?:го|й|м)(?!\\w)"),
    ("century", f"(?P<c1>{_ROMAN}|{_ORDW}|\\d{{1,2}}-?(?:й|м|го|ый|ом|ого)(?!\\w)|(?:[5-9]|1\\d|2[01])(?=\\s+век(?:е)?(?!\\w)))"
     f"(?:{_DASH}(?P<c2>{_ROMAN}|\\d{{1,2}}))?{_S0}(?:век(?:ами|ах|ам|ов|ом|а|е|у)?(?!\\w)|вв?(?=\\.)|столети\\w+)"),
    ("bare_year", r"(?<![\d.,:/])(?:1\d\d\d|20\d\d)(?!\d)"),  # "-" allowed: "ЕГЭ-2013"
    ("mspan", f"(?:с|со|от){_S}(?P<am>{_MON_FULL}){_S}(?:по|до){_S}(?P<bm>{_MON_FULL})"
     f"(?:{_S}(?P<y>{_Y})(?!\\d)(?:-(?:го)(?!\\w)|{_S0}{_YW})?)?"),
    ("season", f"(?P<s>{_SEASON}){_S}(?:(?P<y>{_Y})(?:-(?:го)(?!\\w)|{_S0}{_YW})?|{_YEARMOD})"),
    ("my", f"(?P<m1>{_MON})(?:{_DASH}(?P<m2>{_MON_FULL}))?{_S}(?:(?P<y>{_Y})(?!\\d)(?:-(?:го)(?!\\w)|{_S0}{_YW})?|{_YEARMOD})"),
    ("month", f"(?P<m1>{_MON_FULL})(?:{_DASH}(?P<m2>{_MON_FULL}))?"),
    ("weekday", f"(?:(?P<mod>{_MOD}){_S})?(?P<wd>{_WEEKDAY})"
     f"(?:(?:,{_S0}|{_S})(?P<d>{_D}){_S}(?P<m>{_MON})(?:,?{_S}(?P<y>{_Y})(?:{_S0}{_YW})?)?)?"),
    ("relword", _RELW),
    ("relmod", f"(?P<mod>{_MOD}){_S}(?P<u>{_UNIT}|{_SEASON}|{_MON_FULL}|{_WEEKDAY})"),
    ("duration", f"(?:(?P<q>{_QTY}){_S})?(?P<u>{_UNIT})(?:{_S}(?P<q2>{_QTY}){_S}(?P<u2>{_UNIT}))?(?:{_S}{_AFTER})?"),
]
_FLAGS = re.I
_RULE_RX = [(name, re.compile(_PRE + "(?:" + pat + ")", _FLAGS)) for name, pat in _RULES]
# Rules whose core can open with a number / with a word: an anchor only needs its own kind tried.
_WORD_ONLY = {"decw", "mspan", "season", "my", "month", "weekday", "relword", "relmod"}
_DIGIT_ONLY = {"iso", "num", "ymd", "ydm", "span", "dmy", "yrange", "decade", "year", "bare_year"}
_RULES_AT = {True: [r for r in _RULE_RX if r[0] not in _WORD_ONLY],
             False: [r for r in _RULE_RX if r[0] not in _DIGIT_ONLY]}
# Where to try: every rule's core starts with a digit, a Roman numeral or one of the vocabulary
# words, so one trie-shaped regex finds these anchors fast; the prefix words ("в течение") are
# then looked for just before the anchor, and the rules tried there.
_ANCHOR = re.compile(r"\d|(?<!\w)(?:" + _ROMAN + "|" + _alt(
    [f for f, k in MONTHS.items()] + [f for kind in ("season", "weekday", "modifier", "relword", "unit",
                                                     "number", "ordinal", "decade") for f in WORDS[kind]]) + ")", _FLAGS)
_PRE_TAIL = re.compile(r"(?<!\w)(?:" + _alt(_PREWORDS) + _S + r"){1,3}\Z", _FLAGS)

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (1, 2)}
_UNIT_NAME = {"D": "days", "W": "weeks", "M": "months", "Y": "years"}
_REL_UNIT = {"D": "DAY", "W": "WEEK", "M": "MONTH", "Y": "YEAR"}


# ----------------------------------------------------------------------------- helpers
def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    return f"{y:04d}-{m:02d}" if d is None else f"{y:04d}-{m:02d}-{d:02d}"


def _valid(y: int | None, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y or 2000, m)[1]


def _month(word: str) -> int:
    w = word.lower().rstrip(".").replace("ё", "е")
    return MONTHS.get(w) or MONTHS.get(w.replace("е", "ё")) or 0


def _roman(s: str) -> int:
    vals = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    s = s.replace("Х", "X")
    total = 0
    for i, ch in enumerate(s):
        v = vals[ch]
        total += -v if i + 1 < len(s) and vals[s[i + 1]] > v else v
    return total if 0 < total <= 30 else 0


def _century_number(s: str) -> int:
    s = s.strip()
    if s[0].isdigit():
        return int(re.match(r"\d+", s).group())
    if s[0] in "IVXLCХ":
        return _roman(s)
    return int(_lookup("ordinal", s) or 0)


def _qty(s: str | None):
    """Amount of a duration: int/float, "X" when unknown ("несколько"), None when absent."""
    if not s:
        return None
    if s[0].isdigit():
        v = float(s.replace(",", "."))
        return int(v) if v.is_integer() else v
    v = _lookup("number", s)
    return v if v == "X" else (float(v) if "." in v else int(v))


def _unit(s: str) -> tuple[str, int]:
    """("Y", 1), ("M", 6) for "полгода", ("Y", 10) for "десятилетие"."""
    v = _lookup("unit", s)
    m = re.match(r"(\d*)(\w+)", v)
    return m.group(2), int(m.group(1) or 1)


def _fields(value="", end="", precision="", time="", relative="", normal="") -> dict:
    if not normal:
        normal = value + ("/" + end if end else "") + ("T" + time if time and not end else "")
    return dict(value=value, end_value=end, precision=precision, time=time, relative=relative,
                normal=normal)


def _absolute_or_rel(y, m=None, d=None, ymod="", time="") -> dict | None:
    """Fields for a date whose year is given, modified ("прошлого года") or missing."""
    prec = "minute" if time else "day" if d else "month" if m else "year"
    if m and d and not _valid(y, m, d):
        return None
    if y:
        return _fields(_iso(y, m, d), precision=prec, time=time)
    tail = (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")
    if ymod:
        # "прошлого года"; "в прошлом мае" arrives as "прошлом года": the modifier alone
        off = _lookup("modifier", ymod) or _lookup("modifier", ymod.split()[0])
        if not off:
            return None
        if off == "same":
            return _fields(precision=prec, time=time, relative="anaphoric", normal="SAME_YEAR" + tail)
        return _fields(precision=prec, time=time, relative=_offset_kind(off, "year"), normal=f"YEAR{int(off):+d}{tail}")
    return _fields(precision=prec, time=time, relative="no_year", normal="XXXX" + tail)


def _offset_kind(off: str, noun: str) -> str:
    """"-1", "year" -> "last_year"; "-2" -> "years_ago" ("в позапрошлом году")."""
    return {"-1": "last_", "0": "this_", "+1": "next_"}.get(off, "") + noun if off in ("-1", "0", "+1") else noun + "s_ago"


def _pre_words(pre: str) -> str:
    return re.sub(r"\s+", " ", pre.strip().lower())


# ----------------------------------------------------------------------------- rule handlers
# Each gets the rule's match and the text; returns fields (dict) or None to reject. A handler may
# put "start" into the dict to drop the prefix words from the span.
def _h_iso(g, m, text):
    y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
    return _absolute_or_rel(y, mo, d, time=g["t"] or "") if 1000 <= y <= 2100 else None


def _h_num(g, m, text):
    d, mo, ys = int(g["d"]), int(g["m"]), g["y"]
    if len(ys) == 2:  # "22.12.20": only with two-digit day and month and dots
        if g["sep"] != "." or len(g["d"]) != 2 or len(g["m"]) != 2:
            return None
        y = 2000 + int(ys) if int(ys) < 50 else 1900 + int(ys)
    else:
        y = int(ys)
    if mo > 12 and d <= 12 and g["sep"] == "/":  # US order 05/22/2020
        d, mo = mo, d
    if not 1000 <= y <= 2100:
        return None
    return _absolute_or_rel(y, mo, d, time=g["t0"] or g["t1"] or "")


def _h_ymd(g, m, text):
    return _absolute_or_rel(int(g["y"]), int(g["m"]), int(g["d"]), time=g["t1"] or "")


_LINE_OPEN = re.compile(r"(?:^|\n)[^\w\n]*\Z")  # nothing but marks (•, |, ») since the line began


def _h_ydm(g, m, text):
    """"2024, 5 июня 10:12" opens a line; in a sentence ("в 2019, 5 марта") the year stands alone."""
    if g["pre"].strip() or not _LINE_OPEN.search(text, max(0, m.start() - 40), m.start()):
        return None
    mo = _month(g["m"])
    return _absolute_or_rel(int(g["y"]), mo, int(g["d"]), time=g["t1"] or "") if mo else None


def _h_span(g, m, text):
    if g["bd"]:  # "с 1 по 5 марта [2020 года]", "с 16 апреля по 19 мая 2019 года"
        if not g["ad"]:
            return None
        by = int(g["by"]) if g["by"] else None
        bm = _month(g["bm"])
        am = _month(g["am"]) if g["am"] else bm
        ad, bd = int(g["ad"]), int(g["bd"])
        if not (_valid(by, am, ad) and _valid(by, bm, bd)):
            return None
        if by:
            ay = by - 1 if (am, ad) > (bm, bd) else by
            return _fields(_iso(ay, am, ad), _iso(by, bm, bd), "day")
        return _fields(precision="day", relative="no_year", normal=f"XXXX-{am:02d}-{ad:02d}/XXXX-{bm:02d}-{bd:02d}")
    if not g["ay"]:  # "с 2018 по 2020 год"
        return None
    ay, by = int(g["ay"]), int(g["by2"])
    if not ay < by <= ay + 200 or (not g["byw"] and ay < 1800):
        return None
    return _fields(_iso(ay), _iso(by), "year")


def _h_dmy(g, m, text):
    d1, mo = int(g["d1"]), _month(g["m1"])
    if not mo:
        return None
    y = int(g["y"]) if g["y"] else None
    time = g["t0"] or g["t1"] or ""
    if g["d2"] or g["d3"]:  # "27-28 сентября 2014 года", "30 июня - 2 июля"
        d2 = int(g["d2"] or g["d3"])
        mo2 = _month(g["m2"]) if g["m2"] else mo
        if not (_valid(y, mo, d1) and _valid(y, mo2, d2)) or (mo2, d2) <= (mo, d1):
            return None
        if y:
            return _fields(_iso(y, mo, d1), _iso(y, mo2, d2), "day")
        return _fields(precision="day", relative="no_year", normal=f"XXXX-{mo:02d}-{d1:02d}/XXXX-{mo2:02d}-{d2:02d}")
    return _absolute_or_rel(y, mo, d1, ymod=g["ymod"] or "", time=time)


def _h_mdy(g, m, text):  # "Дек. 22, 2020", "December 22, 2020"
    mo = _month(g["m1"])
    return _absolute_or_rel(int(g["y"]), mo, int(g["d1"]), time=g["t0"] or "") if mo else None


_YEAR_KIND = re.compile(_S + r"\w+(?:ом|ый|ые|ых|ого|ой)" + _S + r"(?:год|года|году|годы|годах|годов)(?!\w)", re.I)


def _h_yrange(g, m, text):
    y1, y2s = int(g["y1"]), g["y2"]
    y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
    if not y1 < y2 <= y1 + 100 or g["slash"] and y2 != y1 + 1:  # "2023/2024": a school or season year
        return None
    if not g["yw"] and _YEAR_KIND.match(text, m.end()):  # "в 2025–2026 учебном году"
        return _fields(_iso(y1), _iso(y2), "year")
    if not g["yw"]:  # a bare "1985—1990" only when nothing follows that makes it a quantity
        follow = text[m.end():m.end() + 12]
        if y1 < 1800 or (_BARE_YEAR_FOLLOW.match(follow) and not _BARE_YEAR_OK.match(follow)):
            return None
        if len(y2s) == 2:
            return None
    return _fields(_iso(y1), _iso(y2), "year")


def _h_decade(g, m, text):
    ys = g["y"]
    y = int(ys) if len(ys) == 4 else (2000 + int(ys) if int(ys) < 20 else 1900 + int(ys))
    return _fields(_iso(y), _iso(y + 9), "decade")


def _h_decw(g, m, text):  # "девяностые годы [двадцатого века]"
    if not g["yw"] and not g["pre"].strip():
        return None
    dec = int(_lookup("decade", g["dw"]))
    century = _century_number(g["cw"]) if g["cw"] else (21 if dec == 0 else 20)
    y = (century - 1) * 100 + dec
    return _fields(_iso(y), _iso(y + 9), "decade")


def _h_year(g, m, text):
    y = int(g["y"] or g["y2"])
    return _fields(_iso(y), precision="year")


def _h_century(g, m, text):
    c1 = _century_number(g["c1"])
    c2 = _century_number(g["c2"]) if g["c2"] else c1
    if not 1 <= c1 <= c2 <= 22:
        return None
    return _fields(_iso((c1 - 1) * 100 + 1), _iso(c2 * 100), "century")


_BARE_YEAR_CTX = {"в", "во", "с", "со", "до", "к", "по", "от", "за", "на", "начиная с", "вплоть до"}
_BARE_YEAR_FOLLOW = re.compile(_S0 + r"(?:[^\W\d_]|%|[.,]\d|-\w)", re.I)
_BARE_YEAR_OK = re.compile(_S + r"(?:и|или)" + _S + r"\d{4}", re.I)
# "2015, 2016 и 2020 годов рождения": each year of a list the last one's "годов" governs
_LIST_AND = r"(?:," + _S0 + "|" + _S + r"(?:и|или)" + _S + ")"
_YEAR_LIST = re.compile(f"(?:{_LIST_AND}(?:1\\d|20)\\d\\d)+{_S0}(?:годов|годах|годы|годам|годами|гг)(?!\\w)", re.I)


def _h_bare_year(g, m, text):
    """A 4-digit number is a year only in a clear context: "в 1976", "(1994)", "ЕГЭ-2013"."""
    e = m.end()
    y = int(text[e - 4:e])
    if not 1800 <= y <= 2099:
        return None
    follow = text[e:e + 12]
    pre = _pre_words(g["pre"])
    before = text[max(0, m.start() - 1):m.start()]
    if pre:
        last = pre.split(" ")[-1]
        if last not in _BARE_YEAR_CTX and pre not in _BARE_YEAR_CTX:
            return None
        if _BARE_YEAR_FOLLOW.match(follow) and not _BARE_YEAR_OK.match(follow):
            return None
        return _fields(_iso(y), precision="year")
    if before == "(" and follow[:1] == ")" or _YEAR_LIST.match(text, e):
        return _fields(_iso(y), precision="year")
    if m.start() >= 2 and before == "-" and text[m.start() - 2].isalpha() and 1950 <= y <= 2039:
        # a year inside a name: "ЕГЭ-2013", "ЭКСПО-2017" (a DATE span for NEREL, kept apart from the
        # dates the text states by `relative`)
        return _fields(_iso(y), precision="year", relative="in_name")
    return None


def _h_season(g, m, text):
    code = _lookup("season", g["s"])
    if g["y"]:
        y = int(g["y"])
        a, b = _SEASON_MONTHS[code]
        return _fields(_iso(y, a), _iso(y, b), "season", normal=f"{y:04d}-{code}")
    off = _lookup("modifier", g["ymod"])
    if off == "same":
        return _fields(precision="season", relative="anaphoric", normal="SAME_YEAR-" + code)
    return _fields(precision="season", relative=_offset_kind(off, "year"), normal=f"YEAR{int(off):+d}-{code}")


def _h_my(g, m, text):
    mo = _month(g["m1"])
    if not mo:
        return None
    if g["m2"]:  # "в ноябре-декабре 2019 года"
        mo2 = _month(g["m2"])
        if not mo < mo2:
            return None
        if g["y"]:
            y = int(g["y"])
            return _fields(_iso(y, mo), _iso(y, mo2), "month")
        return None
    return _absolute_or_rel(int(g["y"]) if g["y"] else None, mo, ymod=g["ymod"] or "")


def _h_mspan(g, m, text):
    """"с января по июнь 2025 года" (the first month of "с октября по март 2025" is the year before)."""
    a, b = _month(g["am"]), _month(g["bm"])
    if not a or not b or a == b:
        return None
    if g["y"]:
        y = int(g["y"])
        return _fields(_iso(y - 1 if a > b else y, a), _iso(y, b), "month")
    return _fields(precision="month", relative="no_year", normal=f"XXXX-{a:02d}/XXXX-{b:02d}")


def _h_month(g, m, text):
    """A month without a year: only after a preposition ("в мае", "до конца мая")."""
    if not g["pre"].strip():
        return None
    mo = _month(g["m1"])
    if g["m2"]:
        mo2 = _month(g["m2"])
        if not mo < mo2:
            return None
        return _fields(precision="month", relative="no_year", normal=f"XXXX-{mo:02d}/XXXX-{mo2:02d}")
    return _absolute_or_rel(None, mo)


def _h_weekday(g, m, text):
    if g["d"]:  # "в понедельник, 30 марта 2020 года": the date decides
        mo = _month(g["m"])
        return _absolute_or_rel(int(g["y"]) if g["y"] else None, mo, int(g["d"])) if mo else None
    wd = _lookup("weekday", g["wd"])
    off = _lookup("modifier", g["mod"]) if g["mod"] else "-1"
    if off == "same":
        return _fields(precision="day", relative="anaphoric", normal="SAME_DAY")
    return _fields(precision="day", relative="day_of_week", normal=f"WD{wd}{'>' if off in ('+1', '0') else '<'}")


_RELWORD_NORMAL = {
    "today": "DAY+0", "yesterday": "DAY-1", "tomorrow": "DAY+1", "day_before_yesterday": "DAY-2",
    "day_after_tomorrow": "DAY+2", "recent": "PAST_REF", "present": "PRESENT_REF",
    "weekend": "WE", "anaphoric": "SAME_DAY", "after": "+P1D",
}


def _h_relword(g, m, text):
    kind = _lookup("relword", text[m.start() + len(g["pre"]):m.end()])
    if not kind:
        return None
    prec = "" if kind in ("recent", "weekend") else "day"
    return _fields(precision=prec, relative=kind, normal=_RELWORD_NORMAL[kind])


def _h_relmod(g, m, text):
    """"в прошлом году", "на этой неделе", "в следующем мае", "прошлой весной", "в прошлую пятницу"."""
    off = _lookup("modifier", g["mod"])
    u = g["u"]
    if _month(u):
        mo = _month(u)
        return _absolute_or_rel(None, mo, ymod=g["mod"] + " года") if off != "same" else None
    if _lookup("season", u):
        code = _lookup("season", u)
        if off == "same":
            return _fields(precision="season", relative="anaphoric", normal="SAME_YEAR-" + code)
        return _fields(precision="season", relative=_offset_kind(off, "year"), normal=f"YEAR{int(off):+d}-{code}")
    if _lookup("weekday", u):
        wd = _lookup("weekday", u)
        return _fields(precision="day", relative="day_of_week", normal=f"WD{wd}{'>' if off in ('+1', '0') else '<'}")
    unit, n = _unit(u)
    if unit == "S":  # a sports season: no calendar value
        return _fields(relative="anaphoric" if off == "same" else _offset_kind(off, "season"),
                       normal="SEASON" + ("" if off == "same" else f"{int(off):+d}"))
    if unit == "WE":
        return _fields(precision="day", relative="weekend", normal="WE" + ("" if off == "same" else f"{int(off):+d}"))
    if off == "same" or (unit == "D" and off == "0"):
        return _fields(precision="day" if unit == "D" else "", relative="anaphoric", normal="SAME_" + _UNIT_NAME.get(unit, "year")[:-1].upper())
    if unit == "D":  # "на следующий день": relative to the story, not to the publication
        return _fields(precision="day", relative="after" if off == "+1" else "before", normal=f"{off[0]}P1D")
    if unit == "Y" and n == 100:
        return _fields(precision="century", relative=_offset_kind(off, "century"), normal=f"CENTURY{int(off):+d}")
    if unit == "Y" and n == 10:
        return _fields(precision="decade", relative="decade", normal=f"DECADE{int(off):+d}")
    noun = {"W": "week", "M": "month", "Y": "year"}[unit]
    return _fields(precision=noun, relative=_offset_kind(off, noun), normal=f"{_REL_UNIT[unit]}{int(off):+d}")


def _h_duration(g, m, text):
    pre = _pre_words(g["pre"])
    q, after = _qty(g["q"]), (g["after"] or "").lower()
    unit, n = _unit(g["u"])
    if unit in ("S", "WE"):
        return None
    last_pre = pre.split(" ")[-1] if pre else ""
    triggered = bool(after) or pre in _DUR_TRIGGERS or last_pre in _DUR_TRIGGERS or pre.startswith(("в течени", "за последн", "на протяжении"))
    if _AGE_CUE.search(text[max(0, m.start() - 40):m.start()]) or _AGE_AFTER.match(text, m.end()):
        return None
    if q is not None and g["u"].lower() in ("году", "годе"):  # "на 85 году жизни": an age
        return None
    start = None
    if q is None:
        if unit in ("D", "W", "M", "Y") and pre == "в" and n == 1 and re.match(
                _S0 + r"(?:[.,;:!?)»\"]|$)", text[m.end():m.end() + 2]) and not re.search(
                r"из\s+\w+\s*$", text[max(0, m.start() - 12):m.start()]):
            return _fields(relative="frequency", normal=f"RP1{unit}")  # "2 тысячи масок в день"
        if pre == "на" and g["u"].lower() not in ("год", "неделю", "месяц", "день", "сутки", "полгода"):
            return None
        if not triggered:
            return None
    elif not (triggered or g["u2"]):
        # "52 года" is mostly an age: a duration in years needs a trigger ("около 30 лет",
        # "к 24 годам тюрьмы", "1 год 6 месяцев"); "один день" alone is mostly a title or a phrase
        if (g["q"][0].isdigit() and unit == "Y" and n == 1 and not (last_pre == "к" and after)) or q == 1:
            return None
    if last_pre == "к":  # NEREL leaves "к" out: "к 24 годам тюрьмы" -> "24 годам"
        start = m.start() + len(g["pre"])
        pre = ""
    if after in ("тюрьмы", "колонии", "заключения", "лишения", "строгого"):
        after = ""
    amount = 1 if q is None else q
    if q is None and (re.search("последн|ближайш", pre) or re.search("(?:ов|ев|ей|ах|ям|ам|лет|ы)$", g["u"].lower())):
        amount = "X"  # "в последние месяцы", "в течение десятилетий"
    if amount != "X":
        amount = amount * n
    normal = f"P{amount}{unit}"  # ISO 8601 duration
    if g["u2"]:
        u2, n2 = _unit(g["u2"])
        q2 = _qty(g["q2"])
        if u2 not in _UNIT_NAME or q2 in (None, "X"):
            return None
        normal += f"{q2 * n2}{u2}"
    if after in ("назад", "тому назад") or after.startswith("тому"):
        kind = _UNIT_NAME[unit] + "_ago"
        prec = {"D": "day", "W": "day", "M": "month", "Y": "year"}[unit]
        back = f"DAY-{amount * 7}" if unit == "W" and amount != "X" else f"{_REL_UNIT[unit]}-{amount}"
        fields = _fields(precision=prec, relative=kind, normal=back)
    elif after in ("спустя", "позже", "позднее") or pre.startswith(("через", "спустя")):
        fields = _fields(relative="after", normal="+" + normal)
    elif after in ("ранее", "раньше"):
        fields = _fields(relative="before", normal="-" + normal)
    elif pre.startswith("кажд"):
        fields = _fields(relative="frequency", normal="R" + normal)
    else:
        fields = _fields(relative="duration", normal=normal)
    if start is not None:
        fields["start"] = start
    if g["after"] and not after:  # "тюрьмы" etc. only confirmed the duration: leave it out of the span
        fields["stop"] = len(text[:m.start("after")].rstrip())
    return fields


_HANDLERS = {
    "iso": _h_iso, "num": _h_num, "ymd": _h_ymd, "ydm": _h_ydm, "span": _h_span, "dmy": _h_dmy, "mdy": _h_mdy,
    "yrange": _h_yrange, "decade": _h_decade, "decw": _h_decw, "year": _h_year,
    "century": _h_century, "bare_year": _h_bare_year, "mspan": _h_mspan, "season": _h_season, "my": _h_my,
    "month": _h_month, "weekday": _h_weekday, "relword": _h_relword, "relmod": _h_relmod,
    "duration": _h_duration,
}


# ----------------------------------------------------------------------------- scan
def _at(text: str, pos: int, stop: int, digit: bool):
    """The first rule accepting a date that starts at `pos`: (start, stop, fields) or None.
    `digit`: the date's core (after the prefix words) opens with a number."""
    for name, rx in _RULES_AT[digit]:
        m = rx.match(text, pos, stop)
        if not m:
            continue
        f = _HANDLERS[name](m.groupdict(), m, text)
        if f is None:
            continue
        s, e = f.pop("start", m.start()), f.pop("stop", m.end())
        gd = m.re.groupindex
        if "t0" in gd and m.group("t0"):
            s = m.end("t0") + len(text[m.end("t0"):e]) - len(text[m.end("t0"):e].lstrip())
        if "t1" in gd and m.group("t1"):
            e = s + len(_TIME_JOIN.sub("", text[s:m.start("t1")]))
        if text[max(0, s - 6):s].lower().endswith(("ночь ", "ночи ")) and text[s:s + 3].lower() == "на ":
            s += 3  # "в ночь на 19 декабря": the night is a TIME, the date is "19 декабря"
        if text[s:e].endswith("."):  # "г.", "дек." at the end: the dot is punctuation (NEREL)
            e -= 1
        if s < e:
            return s, e, f
    return None


_TIME_JOIN = re.compile(r",?[^\S\n]*(?:(?:в|около|к)[^\S\n]+)?$", re.I)


def _merge(text: str, found: list[DateMention]) -> list[DateMention]:
    """Join "вчера, 9 мая 2019 года" and "25 июля, в четверг" into one mention, as NEREL does."""
    out: list[DateMention] = []
    for m in found:
        if out:
            p = out[-1]
            gap = text[p.stop:m.start]
            day_word = lambda x: x.relative in ("day_of_week", "today", "yesterday", "tomorrow")
            is_date = lambda x: x.precision in ("day", "minute") and not x.relative or x.relative == "no_year"
            if re.fullmatch(r",[^\S\n]*", gap) and (
                    (day_word(p) and is_date(m)) or (is_date(p) and m.relative == "day_of_week")):
                keep = m if day_word(p) else p
                joined = DateMention(type="DATE", start=p.start, stop=m.stop, text=text[p.start:m.stop],
                                     normal=keep.normal, value=keep.value, end_value=keep.end_value,
                                     precision=keep.precision, time=keep.time, resolved=keep.resolved,
                                     relative=keep.relative)
                out[-1] = joined
                continue
        out.append(m)
    return out


def scan(text: str, start: int = 0, stop: int | None = None) -> list[DateMention]:
    """Every date expression in text[start:stop], offsets into the whole `text`, in text order."""
    stop = len(text) if stop is None else min(stop, len(text))
    found: list[DateMention] = []
    pos = last = max(0, start)  # last: end of the last date, where prefix words may begin
    anchor, tail = _ANCHOR.search, _PRE_TAIL.search
    while pos < stop:
        hit = anchor(text, pos, stop)
        if not hit:
            break
        a = hit.start()
        pre = tail(text, max(last, a - 40), a)
        digit = text[a].isdigit()
        got = (pre and _at(text, pre.start(), stop, digit)) or _at(text, a, stop, digit)
        if got is None:
            pos = hit.end() if not text[a].isdigit() else a + 1
            while pos < stop and text[pos].isdigit():  # the rest of a number is no anchor
                pos += 1
            continue
        s, e, f = got
        found.append(DateMention(type="DATE", start=s, stop=e, text=text[s:e],
                                 resolved="unresolved" if f["relative"] and not f["value"] else "absolute",
                                 **f))
        pos = last = e
    return _merge(text, found)


# ----------------------------------------------------------------------------- resolution
_NORM = re.compile(
    r"(?:(?P<xy>XXXX)|(?P<unit>DAY|WEEK|MONTH|YEAR|CENTURY)(?P<off>[+-]\d+))"
    r"(?:-(?P<m>\d\d)(?:-(?P<d>\d\d))?|-(?P<season>SP|SU|FA|WI))?$"
    r"|WD(?P<wd>\d)(?P<dir>[<>])$|PRESENT_REF$")


def _parse_pub(published: str):
    m = re.match(r"\s*(\d{4})-(\d\d)-(\d\d)", published or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _closest_year(pub: dt.date, month: int, day: int | None) -> int:
    """The year that puts month/day nearest the publication date ("28 декабря" in a January
    text is last year's), the future counting double: news mostly tell what has happened."""
    best = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            delta = (dt.date(y, month, day or 15) - pub).days
        except ValueError:  # 29 February
            continue
        dist = 2 * delta if delta > 0 else -delta
        if best is None or dist < best[0]:
            best = (dist, y)
    return best[1] if best else pub.year


def _resolve_one(normal: str, pub: dt.date):
    """(value, end_value) of a resolvable normal form against the publication date, or None."""
    m = _NORM.match(normal)
    if not m:
        return None
    if normal == "PRESENT_REF":
        return pub.isoformat(), ""
    if m.group("wd"):
        wd = int(m.group("wd"))
        delta = (pub.isoweekday() - wd) % 7
        day = pub - dt.timedelta(days=delta) if m.group("dir") == "<" else pub + dt.timedelta(days=(wd - pub.isoweekday()) % 7)
        return day.isoformat(), ""
    mo = int(m.group("m")) if m.group("m") else None
    d = int(m.group("d")) if m.group("d") else None
    season = m.group("season")
    if m.group("xy"):
        year = _closest_year(pub, mo or _SEASON_MONTHS[season][0], d) if (mo or season) else pub.year
    else:
        unit, off = m.group("unit"), int(m.group("off"))
        if unit == "DAY":
            return (pub + dt.timedelta(days=off)).isoformat(), ""
        if unit == "WEEK":
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=off)
            return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
        if unit == "MONTH":
            k = pub.year * 12 + pub.month - 1 + off
            return _iso(k // 12, k % 12 + 1), ""
        if unit == "CENTURY":
            c = (pub.year - 1) // 100 + 1 + off
            return _iso((c - 1) * 100 + 1), _iso(c * 100)
        year = pub.year + off
    if season:
        a, b = _SEASON_MONTHS[season]
        return _iso(year, a), _iso(year, b)
    if mo and d and not _valid(year, mo, d):
        return None
    return _iso(year, mo, d), ""


def resolve_all(mentions, published: str) -> None:
    """Fill `value` of yearless and relative mentions from the ISO publication date (in place).
    Without a publication date they stay empty: a guessed year is worse than none."""
    pub = _parse_pub(published)
    if pub is None:
        return
    for m in mentions:
        if m.value or not m.relative:
            continue
        parts = m.normal.split("/")
        got = [_resolve_one(p, pub) for p in parts]
        if any(g is None for g in got):
            continue
        m.value = got[0][0]
        m.end_value = got[-1][0] if len(got) > 1 else got[0][1]
        if m.end_value and m.end_value < m.value and parts[-1].startswith("XXXX"):  # "28 декабря - 5 января"
            m.end_value = str(int(m.end_value[:4]) + 1) + m.end_value[4:]
        m.resolved = "publication"


# ----------------------------------------------------------------------------- stage
def _inside(spans, starts, s: int, e: int) -> bool:
    i = bisect_right(starts, s) - 1
    return i >= 0 and e <= spans[i][1]


def run(doc: Document, models=None) -> None:
    # read as the taggers read it ("мaя" with a Latin a is May); a mention's text stays
    # doc.text's own slice
    found = scan(normal_text(doc.text))
    for m in found:
        m.text = doc.text[m.start:m.stop]
    resolve_all(found, doc.published)
    sents = sorted(doc.sentences, key=lambda x: x.start)
    s_starts = [x.start for x in sents]
    spans: list[list[int]] = []  # boilerplate spans, merged so that one bisect answers
    for b0, b1 in sorted(doc.boilerplate):
        if spans and b0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b1)
        else:
            spans.append([b0, b1])
    b_starts = [b[0] for b in spans]
    for m in found:
        i = bisect_right(s_starts, m.start) - 1
        m.sent_id = sents[i].sent_id if i >= 0 and m.start < sents[i].stop else -1
        m.in_boilerplate = _inside(spans, b_starts, m.start, m.stop)
        if doc.published_start >= 0 and m.start < doc.published_stop and doc.published_start < m.stop:
            m.role = "published"
        elif m.in_boilerplate:
            m.role = "boilerplate"
        else:
            m.role = "mentioned"
    doc.dates.extend(found)
    doc.dates.sort(key=lambda x: (x.start, x.stop))


STAGE = Stage("dates", run, requires=("text", "boilerplate", "published", "sentences"), provides=("dates",))


def stated(m: DateMention) -> bool:
    """A date the text itself gives: a value read from the text, or a day without a year dated by
    the publication ("9 мая" -> 2014-05-09); not relative expressions resolved against the
    publication date ("в прошлом году") nor years inside names ("ЭКСПО-2017")."""
    return bool(m.value) and m.relative in ("", "no_year")


def parse_published_meta(s: str) -> str:
    """A feed's `published` field ("2020-12-22T17:44:00+03:00", "22.12.2020",
    "Tue, 22 Dec 2020 17:44:00 +0300", "17:44 Дек. 22, 2020", a Unix time stamp) as "YYYY-MM-DD";
    "" when unreadable."""
    if not s:
        return ""
    s = s[:200]  # a date is short; a hostile field is not read whole
    if re.fullmatch(r"\s*\d{10}(?:\d{3})?(?:\.\d+)?\s*", s):  # a Unix time stamp, seconds or ms
        stamp = float(s) / (1000 if len(s.strip().split(".")[0]) == 13 else 1)
        return dt.datetime.fromtimestamp(stamp, dt.timezone.utc).date().isoformat()
    for m in scan(s):
        if len(m.value) == 10 and not m.end_value:
            return m.value
    return ""
