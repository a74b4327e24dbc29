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
    # where the place served was read: phrase (the post's own words), holder (the same person's
    # other post), title (the same title elsewhere in the document), document (the place the
    # document is about); "" when none was found
    place_from: str = ""
    seat_id: str = ""  # a diplomat's seat ("консул Казахстана в Самаре": Самара); region_id is the state
    n_mentions: int = 1  # the position mentions this row stands for (one row per person's post)
    # the other mentions of the same post, as the officials stage linked them (evidence; not a
    # table row of their own)
    evidence: list = field(default_factory=list, repr=False)


@dataclass
class EventParticipant:
    """One side of an event: a person (with the post held, from `officials`) or, with no person,
    a place acting ("делегация Алтайского края")."""

    person_id: str = ""
    person: str = ""
    role: str = ""  # the post held at the time, as the officials stage found it
    region_id: str = ""  # the side's place: the region served, else the place named for the side
    organisation: str = ""
    side: str = ""  # "a": the subject of the trigger; "b": the other side (с + Ins, the object)


@dataclass
class Event:
    """A happening the document reports: who met whom, visited where, signed what, was appointed."""

    event_id: str
    type: str  # meeting, visit, agreement, appointment, dismissal, forum
    sent_id: int
    start: int  # the trigger's span
    stop: int
    trigger: str
    status: str = "happened"  # happened / planned
    date: str = ""  # ISO, to the precision known
    date_precision: str = ""
    date_from: str = "none"  # sentence / published / none
    place_id: str = ""  # where it happened (gazetteer id)
    topics: list = field(default_factory=list)  # fields of cooperation named
    participants: list = field(default_factory=list)  # list[EventParticipant]
    regions: list = field(default_factory=list)  # region ids of the sides (and the place)


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
    events: list = field(default_factory=list)  # list[Event]
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
