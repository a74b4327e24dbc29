"""Plain records: one dataclass per thing the pipeline knows about.

Every offset is a ``str`` index into ``Document.text`` exactly as decoded (no newline
translation); ``stop`` is exclusive, so ``doc.text[m.start:m.stop] == m.text`` always holds.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional


@dataclass
class Token:
    start: int
    stop: int
    text: str
    sent_id: int = 0
    token_id: int = 0
    lemma: str = ""
    pos: str = ""
    feats: dict = field(default_factory=dict)

    @property
    def feats_str(self) -> str:
        return "|".join(f"{k}={v}" for k, v in sorted(self.feats.items()))


@dataclass
class Sentence:
    sent_id: int
    start: int
    stop: int
    text: str
    is_boilerplate: bool = False
    # tokens of this sentence are doc.tokens[token_start:token_stop]
    token_start: int = 0
    token_stop: int = 0


@dataclass
class Mention:
    """A typed span of the text: PER, LOC, ORG, DATE or POSITION."""

    type: str
    start: int
    stop: int
    text: str
    normal: str = ""
    sent_id: int = -1
    entity_id: str = ""
    mention_id: str = ""
    in_boilerplate: bool = False
    case: str = ""  # grammatical case of the mention as a whole (UD: Nom, Gen, ...), if known


@dataclass
class DateMention(Mention):
    value: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD ("" when it cannot be resolved)
    end_value: str = ""  # end of a range, same format
    precision: str = ""  # century, decade, year, season, month, day, minute
    role: str = "mentioned"  # published / mentioned / boilerplate
    time: str = ""  # HH:MM when the text gives one
    resolved: str = "absolute"  # absolute / publication / unresolved: how value was obtained
    relative: str = ""  # the relative expression kind ("yesterday", "last_year", ...)


@dataclass
class Person:
    person_id: str
    name: str  # "Имя [Отчество] Фамилия", nominative
    first: str = ""
    middle: str = ""
    last: str = ""
    gender: str = ""  # m / f / ""
    mentions: list = field(default_factory=list)  # list[Mention] of type PER
    variants: list = field(default_factory=list)  # surface forms seen


@dataclass
class Official:
    person_id: str
    person: str
    position: str  # nominative phrase, "губернатор Астраханской области"
    role: str  # head of the position, "губернатор", "заместитель акима"
    region_id: str = ""
    organisation: str = ""
    country: str = ""
    sent_id: int = -1
    start: int = -1  # position span
    stop: int = -1
    person_start: int = -1
    person_stop: int = -1
    position_text: str = ""  # the position span as written
    category: str = ""  # head_of_region, diplomat, ...
    acting: bool = False
    former: bool = False
    pattern: str = ""  # which construction linked them (evidence)


@dataclass
class GazetteerEntry:
    region_id: str
    name: str
    kind: str  # country, federal_district, region, city, district, other
    country: str = ""  # ISO 3166-1 alpha-2
    iso_code: str = ""  # ISO 3166-2
    parent_id: str = ""
    wikidata: str = ""
    lat: Optional[float] = None
    lon: Optional[float] = None


@dataclass
class Document:
    doc_id: str
    text: str
    source: str = ""
    title: str = ""
    title_start: int = -1
    title_stop: int = -1
    url: str = ""
    published: str = ""  # ISO date (or date-time) of publication, "" when unknown
    published_meta: str = ""  # the raw `published` field of a JSONL/CSV record
    published_start: int = -1  # span of the dateline the publication date was read from
    published_stop: int = -1
    encoding: str = ""
    # the id a JSONL/CSV record gave itself, before it was made unique and bounded ("" for a
    # file, or a record without one)
    given_id: str = ""
    body_start: int = 0
    body_stop: int = 0
    boilerplate: list = field(default_factory=list)  # list[(start, stop)]
    sentences: list = field(default_factory=list)
    tokens: list = field(default_factory=list)
    ner: list = field(default_factory=list)  # raw tagger spans, list[Mention]
    people: list = field(default_factory=list)
    # PER mentions that are not people in the news: namesakes inside names ("оркестр им.
    # Е.И. Борисова") and names seen only in boilerplate; entity_id stays empty.
    other_names: list = field(default_factory=list)
    places: list = field(default_factory=list)  # list[Mention] of type LOC
    organisations: list = field(default_factory=list)  # list[Mention] of type ORG
    dates: list = field(default_factory=list)  # list[DateMention]
    positions: list = field(default_factory=list)  # list[Mention] of type POSITION
    officials: list = field(default_factory=list)
    # posts named with a place but no holder in the document ("Губернатор Астраханской области
    # заявил ..."): Official records with an empty person, resolved across a run's documents
    open_posts: list = field(default_factory=list)
    status: str = "ok"
    error: str = ""
    error_stage: str = ""
    _sentence_starts: list = field(default_factory=list, repr=False, compare=False)
    _token_starts: list = field(default_factory=list, repr=False, compare=False)

    def in_boilerplate(self, start: int, stop: int) -> bool:
        return any(b0 <= start and stop <= b1 for b0, b1 in self.boilerplate)

    def sentence_at(self, offset: int) -> int:
        """sent_id of the sentence holding `offset` (-1 when none)."""
        if len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [s.start for s in self.sentences]
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].stop:
            return self.sentences[i].sent_id
        return -1

    def tokens_in(self, start: int, stop: int) -> list:
        """Tokens lying wholly inside text[start:stop]."""
        if len(self._token_starts) != len(self.tokens):
            self._token_starts = [t.start for t in self.tokens]
        i = bisect_left(self._token_starts, start)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < stop:
            if self.tokens[i].stop <= stop:
                out.append(self.tokens[i])
            i += 1
        return out

    @property
    def mentions(self) -> list:
        """Every typed mention of the document, in text order."""
        found = [m for p in self.people for m in p.mentions] + self.other_names
        found += self.places + self.organisations + self.dates + self.positions
        return sorted(found, key=lambda m: (m.start, m.stop, m.type))
