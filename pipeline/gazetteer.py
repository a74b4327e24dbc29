"""The gazetteer: places, their names, and the index the regions stage matches text against.

Data: ``pipeline/data/gazetteer.csv`` and ``gazetteer_aliases.csv`` (built by
``scripts/build_gazetteer.py``; sources and id scheme in ``pipeline/data/README.md``). Nothing but
the standard library and pymorphy3 is needed at run time.

Matching works on lemmas: every word of every name is turned, once per process, into the set of
forms a token of that word may be reduced to (its lower-cased spelling, the pymorphy3 normal
forms of its nominative readings and every form of those readings' lexemes); a token matches the word when its own candidate forms
(spelling, the tagger-agreeing lemma, the normal forms of all its parses) meet that set. So
"Астраханской области", "Астраханскую область" and "Астраханская область" all match, whatever
reading the tagger preferred.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from .records import GazetteerEntry

DATA_DIR = Path(__file__).resolve().parent / "data"
GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
ALIASES_CSV = DATA_DIR / "gazetteer_aliases.csv"
WORDS_CSV = DATA_DIR / "gazetteer_words.csv"

# Words of a name that are not themselves names: matched whatever their case.
GENERIC_WORDS = {
    "республика", "область", "край", "округ", "автономный", "автономная", "федеральный",
    "народный", "народная", "город", "штат", "провинция", "район", "федерация", "королевство",
    "княжество", "государство", "союз", "остров", "острова", "и", "на", "де", "да", "эль",
}
# How sure an alias is: names first, then former names and GeoNames variants.
TYPE_RANK = {"name": 0, "short": 0, "official": 0, "abbr": 0, "colloquial": 0, "ambiguous": 0,
             "former": 1, "variant": 1}
KIND_RANK = {"country": 0, "federal_district": 0, "region": 0, "city": 1, "other": 1,
             "district": 2}
DISTRICT_PREFIX = "district:"
REGION_PREFIX = "region:"  # a first-level unit the file lacks, found by its form
_DASHES = str.maketrans({"—": "-", "–": "-", "‑": "-", "−": "-"})
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*\.?|[^\w\s]", re.UNICODE)


_NORM_CACHE: dict = {}


def norm(text: str) -> str:
    """Lower case, ё as е, dashes as '-'."""
    out = _NORM_CACHE.get(text)
    if out is None:
        out = text.lower().replace("ё", "е").translate(_DASHES)
        if len(_NORM_CACHE) > 500_000:  # bounded: a long run meets ever new words
            _NORM_CACHE.clear()
        _NORM_CACHE[text] = out
    return out


_shared_analyzer: list = [None]
_shared_parse: list = [None]  # the pipeline's cached analyzer.parse (its lemmas made them)


@lru_cache(maxsize=1)
def analyzer():
    """The pymorphy3 analyser (the pipeline's own when share_analyzer() gave it first)."""
    if _shared_analyzer[0] is not None:
        return _shared_analyzer[0]
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def share_analyzer(an, parse=None) -> None:
    """Use an analyser already loaded elsewhere, if this module has not made its own yet, and
    its owner's cached ``parse`` (the same analyser's parses, so the same results): the words the
    segmenter parsed for their lemmas are not parsed twice."""
    if analyzer.cache_info().currsize == 0:
        _shared_analyzer[0] = an
        if parse is not None:
            _shared_parse[0] = parse


@lru_cache(maxsize=300_000)
def parses(word: str):
    """pymorphy3 parses of a lower-cased word (cached)."""
    shared = _shared_parse[0]
    if shared is not None:
        return shared(word)
    return analyzer().parse(word)


@lru_cache(maxsize=300_000)
def token_forms(text: str) -> frozenset:
    """Every form a token may stand for: its spelling and the normal forms of all its parses."""
    low = norm(text)
    forms = {low}
    if any(ch.isalpha() for ch in low):
        forms.update(norm(p.normal_form) for p in parses(low))
        if "ё" in text or "Ё" in text:  # the letter tells pymorphy3 which word it is ("Белёва")
            forms.update(norm(p.normal_form) for p in parses(text.lower()))
    return frozenset(forms)


@dataclass(frozen=True)
class WordInfo:
    """What the index needs to know about one word of a name."""

    keys: frozenset  # the forms a token of this word may be reduced to
    weak: bool  # also a common word ("Шахты", "Мирный")
    adjective: bool  # an adjective first of all ("Советский")
    adj_lemma: str  # its masculine nominative when it is a nominative adjective, else ""
    # keys that only the lexeme gives and pymorphy3 also reads as a person's name ("Пестова" of
    # Пестово, "Медведев"): a one-word name matched by them needs the tagger's LOC
    person_forms: frozenset = frozenset()


def compute_word_info(word: str) -> WordInfo:
    """WordInfo from pymorphy3 (the slow path; cached in gazetteer_words.csv)."""
    low = norm(word)
    keys = {low}
    lexeme = set()
    adj_lemma = ""
    adjective = False
    if any(ch.isalpha() for ch in low):
        readings = parses(low)
        if "ё" in word.lower():
            readings = list(readings) + list(parses(word.lower()))
        for p in readings:
            if "nomn" in p.tag or "Fixd" in p.tag or p.tag.POS is None:
                keys.add(norm(p.normal_form))
            if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF"):
                # every case form of the name's own lexeme: a token whose parses lead elsewhere
                # ("Усть-Каменогорском", read as the adjective's) is still this word
                lexeme.update(norm(f.word) for f in p.lexeme)
            if p.tag.POS == "ADJF" and "nomn" in p.tag and not adj_lemma:
                adj_lemma = norm(p.normal_form)
            if p.tag.POS == "ADJF" and p.score > 0.3:
                adjective = True
    person = {f for f in lexeme - keys if any(
        {"Name", "Surn", "Patr"} & q.tag.grammemes for q in parses(f))}
    return WordInfo(frozenset(keys | lexeme), is_weak_word(word), adjective, adj_lemma,
                    frozenset(person))


_WORD_CACHE: dict = {}


def word_info(word: str) -> WordInfo:
    info = _WORD_CACHE.get(word)
    if info is None:
        info = _WORD_CACHE[word] = compute_word_info(word)
    return info


def word_keys(word: str) -> frozenset:
    """The forms a word of a name (written in the nominative) may be matched by."""
    return word_info(word).keys


def morph_versions() -> str:
    """pymorphy3 and its dictionary versions: the word cache is valid only for these."""
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for dist in ("pymorphy3", "pymorphy3-dicts-ru"):
        try:
            out.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            out.append(f"{dist}=?")
    return " ".join(out)


def read_word_cache(path: Path) -> dict:
    """gazetteer_words.csv, when it was made with the installed pymorphy3 ({} otherwise)."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        first = f.readline()
        if first.strip() != f"# {morph_versions()}":
            return {}
        cache = {}
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            person = row.get("person_forms") or ""
            cache[row["word"]] = WordInfo(frozenset(row["keys"].split("|")), row["weak"] == "1",
                                          row["adjective"] == "1", row["adj_lemma"],
                                          frozenset(person.split("|")) if person else frozenset())
        return cache


def write_word_cache(path: Path, words) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"# {morph_versions()}\n")
        f.write("# The words of the gazetteer's names as pymorphy3 reads them: a cache, remade by "
                "scripts/build_gazetteer.py and ignored when pymorphy3 differs.\n")
        w = csv.writer(f)
        w.writerow(["word", "keys", "weak", "adjective", "adj_lemma", "person_forms"])
        for word in sorted(set(words)):
            info = compute_word_info(word)
            w.writerow([word, "|".join(sorted(info.keys)), int(info.weak), int(info.adjective),
                        info.adj_lemma, "|".join(sorted(info.person_forms))])


def split_words(text: str) -> list:
    return _WORD.findall(text.translate(_DASHES))


@lru_cache(maxsize=100_000)
def is_weak_word(word: str) -> bool:
    """A capitalised name that is also a common Russian word ("Шахты", "Мирный", "Бор")."""
    low = norm(word)
    if low in GENERIC_WORDS:
        return False
    an = analyzer()
    if not an.word_is_known(low):
        return False
    for p in parses(low):
        if p.score < 0.05:
            continue
        if not ({"Geox", "Name", "Surn", "Patr", "Orgn", "Abbr", "Fixd"} & p.tag.grammemes):
            return True
    return False


@dataclass(frozen=True)
class Pattern:
    """One way of naming places: a word sequence and the ids it may stand for."""

    text: str  # as written in the data (nominative)
    words: tuple  # tuple[frozenset] of accepted forms per word
    caps: tuple  # tuple[bool]: the word must be capitalised in text
    exact: bool  # abbreviation: tokens must equal the words exactly
    region_ids: tuple
    types: tuple  # alias type per region id
    cue: str = ""  # a word that must precede (and is not part of the mention)
    weak: bool = False  # a one-word name that is also a common word
    adjectival: bool = False  # the name is a single adjective ("Советский", "Мирный")
    raw: tuple = ()  # the words as written
    person_forms: frozenset = frozenset()  # one-word name: its forms that are also person names


class Gazetteer:
    def __init__(self, entries: dict, extra: dict, aliases: list):
        self.by_id: dict[str, GazetteerEntry] = entries
        self.entries: list[GazetteerEntry] = list(entries.values())  # in file order
        self.extra = extra  # region_id -> {capital, capital_id, population, disputed}
        self.aliases = aliases  # [(region_id, alias, type)]
        self.children: dict[str, list] = {}
        for e in self.entries:
            if e.parent_id:
                self.children.setdefault(e.parent_id, []).append(e.region_id)
        self.index: dict[str, list] = {}  # first-word form -> [Pattern]
        self.exact_index: dict[str, list] = {}  # first token text -> [Pattern]
        self.adjectives: dict[str, list] = {}  # adjective lemma -> [region_id]
        self._at_cache: dict[str, tuple] = {}  # token text -> patterns_at
        self._build()

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, gazetteer_csv: Optional[Path] = None, aliases_csv: Optional[Path] = None):
        """The gazetteer, read and indexed once per process (per pair of paths)."""
        return _load(str(gazetteer_csv or GAZETTEER_CSV), str(aliases_csv or ALIASES_CSV))

    def _build(self) -> None:
        names: dict[tuple, dict] = {}  # (text, exact, cue) -> {region_id: type}
        # divisions whose bare name is a town's ("Нью-Йорк", "Кандагар"): only after their cue
        cue_only = {(rid, alias) for rid, alias, type_ in self.aliases if type_ == "cue_only"}
        for e in self.entries:
            if (e.region_id, e.name) not in cue_only:
                names.setdefault((e.name, False, ""), {})[e.region_id] = "name"
        for rid, alias, type_ in self.aliases:
            if type_ == "cue_only":
                continue
            if type_ == "adj":
                for adj in alias.split("|"):
                    self._add_adjective(norm(adj), rid)
                continue
            exact = type_ == "abbr"
            cue = type_[4:] if type_.startswith("cue:") else ""
            text = alias[len(cue):].strip() if cue and alias.startswith(cue) else alias
            names.setdefault((text, exact, cue), {}).setdefault(rid, "short" if cue else type_)
        shown = {}  # a variant's words -> the name as written
        for (text, exact, cue), ids in list(names.items()):
            if not exact and ("’" in text or "'" in text):
                # the segmenter cuts a word at its apostrophe: "Кот-д’Ивуар" is three tokens
                cut = " ".join(re.sub(r"(['’])", r" \1 ", text).split())
                if (cut, exact, cue) not in names:
                    names[(cut, exact, cue)] = dict(ids)
                    shown[(cut, exact, cue)] = text
        for (text, exact, cue), ids in names.items():
            words = split_words(text)
            if not words:
                continue
            if exact:
                keys = tuple(frozenset({w}) for w in words)
            else:
                keys = tuple(word_keys(w) for w in words)
            caps = tuple(w[:1].isupper() and norm(w) not in GENERIC_WORDS for w in words)
            weak = len(words) == 1 and not exact and word_info(words[0]).weak
            adjectival = len(words) == 1 and not exact and word_info(words[0]).adjective
            person = word_info(words[0]).person_forms if len(words) == 1 and not exact else \
                frozenset()
            pat = Pattern(shown.get((text, exact, cue), text), keys, caps, exact, tuple(ids),
                          tuple(ids.values()), cue, weak, adjectival, tuple(words), person)
            if exact:
                self.exact_index.setdefault(words[0], []).append(pat)
            else:
                for k in keys[0]:
                    self.index.setdefault(k, []).append(pat)
        # the adjective of "X-ская область", "X-ский край", "X-ская Республика", ...
        for e in self.entries:
            if e.kind != "region":
                continue
            words = split_words(e.name)
            if len(words) >= 2 and norm(words[1]) in {"область", "край", "республика",
                                                       "автономный", "автономная", "народная"}:
                lemma = word_info(words[0]).adj_lemma
                if lemma:
                    self._add_adjective(lemma, e.region_id)

    def _add_adjective(self, lemma: str, rid: str) -> None:
        ids = self.adjectives.setdefault(lemma, [])
        if rid not in ids:
            ids.append(rid)

    # ---- look-ups ------------------------------------------------------------------------
    def get(self, region_id: str) -> Optional[GazetteerEntry]:
        """The entry of an id; district ids made by the regions stage are decoded."""
        entry = self.by_id.get(region_id)
        if entry is None and region_id.startswith((DISTRICT_PREFIX, REGION_PREFIX)):
            return district_entry(region_id, self)
        return entry

    @property
    def ids(self) -> list:
        return list(self.by_id)

    def __len__(self) -> int:
        return len(self.by_id)

    def __contains__(self, region_id: str) -> bool:
        return self.get(region_id) is not None

    def ancestors(self, region_id: str) -> list:
        """Parents, nearest first."""
        out, seen = [], set()
        entry = self.get(region_id)
        while entry is not None and entry.parent_id and entry.parent_id not in seen:
            seen.add(entry.parent_id)
            out.append(entry.parent_id)
            entry = self.by_id.get(entry.parent_id)
        return out

    def country_of(self, region_id: str) -> str:
        entry = self.get(region_id)
        return entry.country if entry else ""

    def population(self, region_id: str) -> int:
        try:
            return int(self.extra.get(region_id, {}).get("population") or 0)
        except ValueError:
            return 0

    def capital_id(self, region_id: str) -> str:
        return self.extra.get(region_id, {}).get("capital_id", "")

    def patterns_at(self, texts: list, start: int) -> tuple:
        """Patterns whose first word matches texts[start], exact ones included (cached per
        spelling; in a fixed order, whatever the hash seed)."""
        text = texts[start]
        out = self._at_cache.get(text)
        if out is not None:
            return out
        found = list(self.exact_index.get(text, ()))
        seen = set()
        for form in sorted(token_forms(text)):
            for pat in self.index.get(form, ()):
                if id(pat) not in seen:
                    seen.add(id(pat))
                    found.append(pat)
        out = tuple(found)
        if len(self._at_cache) > 300_000:
            self._at_cache.clear()
        self._at_cache[text] = out
        return out

    def find(self, name: str, cue: str = "") -> list:
        """Ids whose name or alias is `name` (any case form of a one- or many-word name); with
        `cue`, also those named so only after that word ("префектура" Токио)."""
        words = split_words(name)
        if not words:
            return []
        found = []
        for pat in self.patterns_at(words, 0):
            if pat.cue and pat.cue != cue:
                continue
            if match_words(pat, words, 0) == len(pat.words) == len(words):
                found.extend(r for r in pat.region_ids if r not in found)
        return found


def match_words(pat: Pattern, texts: list, start: int, forms=None) -> int:
    """How many of texts[start:] the pattern covers (0 when it does not match there)."""
    n = len(pat.words)
    if start + n > len(texts):
        return 0
    for i in range(n):
        text = texts[start + i]
        if pat.exact:
            if text.translate(_DASHES) != pat.raw[i]:
                return 0
            continue
        cand = forms[start + i] if forms is not None else token_forms(text)
        if not (pat.words[i] & cand):
            return 0
        if pat.caps[i] and not text[:1].isupper():
            return 0
    return n


def district_id(name: str, parent_id: str = "", kind: str = "district") -> str:
    """The stable id of a district the gazetteer does not list, district:<parent>:<name>, or of
    a first-level unit (kind "region"), region:<country>:<name>."""
    prefix = REGION_PREFIX if kind == "region" else DISTRICT_PREFIX
    return f"{prefix}{parent_id or '-'}:{name.replace(' ', '_')}"


def district_entry(region_id: str, gazetteer: Optional[Gazetteer] = None) -> Optional[GazetteerEntry]:
    kind = "region" if region_id.startswith(REGION_PREFIX) else "district"
    body = region_id.partition(":")[2]
    parent, sep, name = body.partition(":")
    if not sep or not name:
        return None
    parent = "" if parent == "-" else parent
    country = ""
    if gazetteer is not None and parent:
        country = gazetteer.country_of(parent)
    return GazetteerEntry(region_id=region_id, name=name.replace("_", " "), kind=kind,
                          country=country, parent_id=parent)


def _float(text: str):
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _rows(path: str) -> Iterable[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        yield from csv.DictReader(lines)


@lru_cache(maxsize=4)
def _load(gazetteer_csv: str, aliases_csv: str) -> Gazetteer:
    entries, extra = {}, {}
    for row in _rows(gazetteer_csv):
        rid = row["region_id"]
        entries[rid] = GazetteerEntry(
            region_id=rid, name=row["name"], kind=row["kind"], country=row.get("country", ""),
            iso_code=row.get("iso_code", ""), parent_id=row.get("parent_id", ""),
            wikidata=row.get("wikidata", ""), lat=_float(row.get("lat", "")),
            lon=_float(row.get("lon", "")),
        )
        extra[rid] = {k: row.get(k, "") for k in ("capital", "capital_id", "population",
                                                  "disputed")}
    if not _WORD_CACHE:
        _WORD_CACHE.update(read_word_cache(WORDS_CSV))
    aliases = []
    if Path(aliases_csv).exists():
        aliases = [(r["region_id"], r["alias"], r["type"]) for r in _rows(aliases_csv)]
    return Gazetteer(entries, extra, aliases)
