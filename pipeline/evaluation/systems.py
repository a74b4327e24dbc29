"""Systems under evaluation: each turns texts into the same plain `Prediction` record.

* ``ours``: the project's pipeline (`pipeline.Pipeline`).
* ``natasha``: natasha used plainly, the obvious alternative: its NER tagger (PER/LOC/ORG),
  `span.normalize` for normal forms, NamesExtractor on PER spans, DatesExtractor for dates.
  natasha has no position, official or linking component, so those measures read "n/a" for it.
* ``pullenti``: PullEnti (PyPI `pullenti` 4.1, the rule-based Python port, frozen since 2020,
  free for non-commercial use only), optional: ``pip install -e '.[compare]'``. Its persons,
  places, organisations, dates, person properties (positions) and the property-to-person links
  (officials); no Wikidata ids, so linking reads "n/a" for it. See `PullentiBaseline`.

A system is any object with a ``name`` and ``predict(texts) -> list[Prediction]``; tests pass
their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

SYSTEMS = ("ours", "natasha", "pullenti")
OPTIONAL_SYSTEMS = ("pullenti",)  # run only when asked for


class PredSpan(NamedTuple):
    type: str  # PER, LOC, ORG, DATE, POSITION
    start: int
    stop: int
    text: str
    normal: str = ""
    kb_id: str = ""  # Wikidata id of a linked place ("" when not linked)
    tag: str = ""  # "adj": a place named by an adjective only ("астраханские власти")
    entity_id: str = ""  # the system's own id for the place (gazetteer region_id)


class PredOfficial(NamedTuple):
    person_start: int
    person_stop: int
    start: int  # position span
    stop: int
    person: str  # person's name, nominative
    position: str  # what the system gives as the position (role, nominative)
    where: str = ""  # region or organisation name
    person_text: str = ""
    position_text: str = ""
    # an employment fact: the post names its body or place, or is an official post (a
    # governor's is); "писатель Дмитрий Быков" names an occupation, no employer, and a
    # founder or owner ("основатель Facebook") is no employee
    employment: bool = True
    # a founder or owner ("основатель группы Talk Talk"): NEREL relates them by FOUNDED_BY /
    # OWNER_OF, not WORKS_AS
    founder: bool = False


@dataclass
class Prediction:
    spans: list = field(default_factory=list)  # list[PredSpan]
    officials: list = field(default_factory=list)  # list[PredOfficial]
    capabilities: frozenset = frozenset()  # what the system predicts at all
    error: str = ""  # the system failed on the text: scored empty
    warning: str = ""  # the text was processed only in part (said in the report)


# what each capability means: a measure is "n/a" for a system lacking it
CAPABILITIES = ("PER", "LOC", "ORG", "DATE", "POSITION", "OFFICIAL", "LINK", "NORMAL")


class NatashaBaseline:
    name = "natasha"
    capabilities = frozenset({"PER", "LOC", "ORG", "DATE", "NORMAL"})

    def __init__(self):
        from natasha import (DatesExtractor, MorphVocab, NamesExtractor, NewsEmbedding,
                             NewsMorphTagger, NewsNERTagger, Segmenter)

        self.segmenter = Segmenter()
        self.morph_vocab = MorphVocab()
        emb = NewsEmbedding()
        self.morph_tagger = NewsMorphTagger(emb)
        self.ner_tagger = NewsNERTagger(emb)
        self.names_extractor = NamesExtractor(self.morph_vocab)
        self.dates_extractor = DatesExtractor(self.morph_vocab)

    def predict(self, texts: Iterable[str], needs=None) -> list:
        """Predictions for `texts`. `needs` (capabilities the measures use) lets the run skip
        what no measure reads: morphology + normalisation + NamesExtractor unless NORMAL is
        needed, DatesExtractor unless DATE is."""
        texts = list(texts)
        needs = frozenset(needs) if needs is not None else self.capabilities
        ner = self._ner_spans(texts)
        return [self._predict_one(t, spans, needs) for t, spans in zip(texts, ner)]

    def _ner_spans(self, texts: list) -> list:
        """NER over every text, batched (texts sorted by length so batches pad little)."""
        out = [[] for _ in texts]
        order = sorted((i for i, t in enumerate(texts) if t.strip()), key=lambda i: len(texts[i]))
        markups = self.ner_tagger.map([texts[i] for i in order])
        for i, markup in zip(order, markups):
            out[i] = [(s.start, s.stop, s.type) for s in markup.spans]
        return out

    def predict_one(self, text: str) -> Prediction:
        return self.predict([text])[0]

    def _predict_one(self, text: str, ner: list, needs: frozenset) -> Prediction:
        from natasha.doc import Doc, DocSpan

        spans = []
        if "NORMAL" in needs and ner:
            doc = Doc(text)
            doc.segment(self.segmenter)
            doc.tag_morph(self.morph_tagger)
            doc.spans = [DocSpan(a, b, t, text[a:b]) for a, b, t in ner]
            doc.envelop_span_tokens()
            for span in doc.spans:
                try:
                    span.normalize(self.morph_vocab)
                except Exception:  # natasha fails on rare token shapes; keep the surface
                    span.normal = span.text
                if span.type == "PER":
                    try:
                        span.extract_fact(self.names_extractor)
                    except Exception:
                        pass
                spans.append(PredSpan(span.type, span.start, span.stop, span.text,
                                      span.normal or span.text))
        else:
            spans = [PredSpan(t, a, b, text[a:b], text[a:b]) for a, b, t in ner]
        if "DATE" in needs:
            for match in self.dates_extractor(text):
                spans.append(PredSpan("DATE", match.start, match.stop,
                                      text[match.start:match.stop]))
        return Prediction(spans, [], self.capabilities)


class OursSystem:
    name = "ours"
    capabilities = frozenset(CAPABILITIES)

    def __init__(self, pipeline=None):
        if pipeline is None:
            from pipeline import Pipeline

            pipeline = Pipeline()
        self.pipeline = pipeline

    def _gazetteer(self):
        models = getattr(self.pipeline, "models", None)
        try:
            return models.gazetteer if models is not None else None
        except Exception:  # no gazetteer data: places stay unlinked
            return None

    def predict(self, texts: Iterable[str], needs=None) -> list:
        texts = list(texts)
        process_many = getattr(self.pipeline, "process_many", None)
        docs = process_many(texts) if process_many else (self.pipeline.process(t) for t in texts)
        gazetteer = self._gazetteer()
        models = getattr(self.pipeline, "models", None)
        posts = getattr(models.positions, "post_categories", None) if models else None
        out = []
        for text, doc in zip(texts, docs):
            if doc.text != text:  # offsets would not index the gold text
                out.append(Prediction([], [], self.capabilities,
                                      error="the pipeline changed the text"))
            else:
                out.append(document_to_prediction(doc, gazetteer, posts))
        return out


def _gazetteer_entry(gazetteer, region_id: str):
    if gazetteer is None or not region_id:
        return None
    try:
        return gazetteer.get(region_id)
    except Exception:
        return None


def _adjectival_spans(doc) -> set:
    """(start, stop) of the place mentions whose words are all adjectives (by our tagger)."""
    out = set()
    tokens = getattr(doc, "tokens", None) or []
    for m in doc.places:
        words = [t for t in tokens if m.start <= t.start and t.stop <= m.stop
                 and t.pos not in ("PUNCT", "")]
        if words and all(t.pos == "ADJ" for t in words):
            out.add((m.start, m.stop))
    return out


def document_to_prediction(doc, gazetteer=None, post_categories=None) -> Prediction:
    """Our pipeline's Document -> Prediction. `post_categories`: the categories of official
    posts (positions.csv); an occupation with no body or place named is no employment fact."""
    if getattr(doc, "status", "ok") not in ("ok", "", None) and not doc.people and not doc.places:
        return Prediction([], [], OursSystem.capabilities, error=getattr(doc, "error", ""))
    spans = []
    for person in doc.people:
        for m in person.mentions:
            spans.append(PredSpan("PER", m.start, m.stop, m.text, m.normal or person.name,
                                  entity_id=person.person_id))
    # The mentions table's other PER rows: namesakes inside names ("институт имени
    # А. С. Пушкина") and names seen only in boilerplate. They are names of people, typed PER
    # and normalised like the rest, only not linked to a person of the news (entity_id "").
    for m in getattr(doc, "other_names", None) or ():
        spans.append(PredSpan("PER", m.start, m.stop, m.text, m.normal or m.text,
                              tag="other_name"))
    adjectival = _adjectival_spans(doc)
    for m in doc.places:
        entry = _gazetteer_entry(gazetteer, m.entity_id)
        qid = getattr(entry, "wikidata", "") if entry is not None else ""
        tag = "adj" if (m.start, m.stop) in adjectival else ""
        spans.append(PredSpan("LOC", m.start, m.stop, m.text, m.normal, qid or "", tag,
                              m.entity_id or ""))
    for m in doc.organisations:
        spans.append(PredSpan("ORG", m.start, m.stop, m.text, m.normal))
    for m in doc.dates:
        spans.append(PredSpan("DATE", m.start, m.stop, m.text, getattr(m, "value", "")))
    for m in doc.positions:
        spans.append(PredSpan("POSITION", m.start, m.stop, m.text, m.normal))
    officials = []
    # every mention of a post: the row and the mentions it stands for (one row per post)
    linked = [x for o in doc.officials for x in [o, *getattr(o, "evidence", ())]]
    for o in sorted(linked, key=lambda x: (x.start, x.person_start)):
        if o.person_start < 0 or o.start < 0:
            continue
        # the body served when the post names one ("Исламский комитет России"), else the place
        # as the post names it ("РФ", "КНР"), else its gazetteer name
        where = o.organisation or next(
            (m.normal for m in doc.places if o.start <= m.start and m.stop <= o.stop
             and m.entity_id and m.entity_id == o.region_id), "")
        entry = _gazetteer_entry(gazetteer, o.region_id)
        if not where and entry is not None:
            where = entry.name
        where = where or o.country
        officials.append(PredOfficial(
            o.person_start, o.person_stop, o.start, o.stop, o.person,
            o.role or o.position, where,
            doc.text[o.person_start:o.person_stop], doc.text[o.start:o.stop],
            employment=o.category != "owner" and (
                bool(where) or post_categories is None or o.category in post_categories),
            founder=o.category == "owner",
        ))
    return Prediction(spans, officials, OursSystem.capabilities)


# ---------------------------------------------------------------------------------------------
# pullenti


class SystemUnavailable(RuntimeError):
    """An optional system whose package is not installed."""


PULLENTI_INSTALL = "pip install -e '.[compare]'  (or: pip install pullenti==4.1)"

_PULLENTI = {}  # "processor" once initialised: one per process (Sdk.initialize_all takes ~13 s)


def pullenti_processor():
    """The process-wide pullenti Processor (all analyzers), initialising the SDK once.

    Raises SystemUnavailable when the package is not installed."""
    if "processor" in _PULLENTI:
        return _PULLENTI["processor"]
    try:
        from pullenti.Sdk import Sdk
        from pullenti.ner.ProcessorService import ProcessorService
    except ImportError as e:
        raise SystemUnavailable(f"pullenti is not installed ({e}); to compare with it: "
                                f"{PULLENTI_INSTALL}") from e
    import time

    t0 = time.perf_counter()
    Sdk.initialize_all()
    _PULLENTI["processor"] = ProcessorService.create_processor()
    _PULLENTI["init_seconds"] = time.perf_counter() - t0
    return _PULLENTI["processor"]


def pullenti_processor_without(*names: str):
    """A processor of pullenti's standard analyzers less `names` ("DATE"), built once."""
    key = ("without",) + tuple(sorted(names))
    if key not in _PULLENTI:
        pullenti_processor()
        from pullenti.ner.ProcessorService import ProcessorService

        proc = ProcessorService.create_empty_processor()
        for analyzer in ProcessorService.get_analyzers():
            if analyzer.is_specific or analyzer.name in names:
                continue
            clone = analyzer.clone()
            if clone is not None:
                proc.add_analyzer(clone)
        _PULLENTI[key] = proc
    return _PULLENTI[key]


# person-property kinds (pullenti.ner.person.PersonPropertyKind) that are no position:
# KIN ("жена Грефа") and NATIONALITY
_PULLENTI_NOT_POSITION = frozenset({3, 5})
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_ADJ_END = re.compile(r"(?:ий|ый|ой|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ых|их|"
                      r"ыми|ими)$", re.I)


def _occurrences(referent, n: int) -> list:
    """(start, stop) of a referent's occurrences; pullenti's end_char is inclusive."""
    out = []
    for o in referent.occurrence or ():
        a, b = o.begin_char, o.end_char + 1
        if 0 <= a < b <= n:
            out.append((a, b))
    return sorted(set(out))


def _pullenti_safe_text(text: str) -> str:
    """pullenti's character tables stop at U+FFFF (an emoji raises IndexError): such characters
    become a space, one for one, so offsets still index the original text."""
    if all(ord(c) <= 0xFFFF for c in text):
        return text
    return "".join(c if ord(c) <= 0xFFFF else " " for c in text)


def _name_matches(word: str, values, initial: bool = False) -> bool:
    """`word` is one of the name `values` (same first three letters), or its initial when
    `initial` (a one-letter word followed by a dot)."""
    w = word.upper()
    if len(w) == 1 and not initial:
        return False
    for v in values:
        k = min(3, len(v), len(w))
        if k and w[:k] == v[:k]:
            return True
    return False


class PullentiBaseline:
    """pullenti used plainly: ``Sdk.initialize_all()`` once,
    ``ProcessorService.create_processor()``, ``processor.process(SourceOfAnalysis(text))`` per
    text; the entities (``AnalysisResult.entities``) read as:

    * PER: each occurrence of a PersonReferent. pullenti's occurrence takes in the person's
      properties (``Губернатор Астраханской области Игорь Бабушкин``, even ``Жена Грефа и
      россиянин Иван Петров``); the spans kept are the runs of words matching a FIRSTNAME /
      MIDDLENAME / LASTNAME / NICKNAME slot outside the property occurrences (NEREL's
      convention: titles left out); persons with no name slot (made of a post alone) give none.
      normal = the name slots present in the mention, title case.
    * LOC: GeoReferent occurrences; normal = the referent's short name, with its type after an
      adjectival name when the mention has it (``Астраханской области`` -> ``Астраханская
      область``); tag "adj" when every word of the mention has an adjective ending.
    * ORG: OrganizationReferent occurrences. DATE: DateReferent / DateRangeReferent occurrences
      not inside another (``5 марта 2021 года``, not also ``2021 года``).
    * POSITION: PersonPropertyReferent occurrences (kinds KIN and NATIONALITY left out); normal =
      its NAME slot followed by the names of its HIGHER chain (``заместитель министр финансов``).
    * officials: a PersonReferent's ATTRIBUTE slots holding such a property: each occurrence of
      the property is paired with the nearest person occurrence (among every person bearing that
      property; a person occurrence containing it first); position = the normal above, where =
      the place or organisation of the property's REF slot (or its HIGHER's).

    No Wikidata ids: linking reads "n/a". Some analyzers of the 4.1 port raise on some texts,
    which loses the whole text: DATE on relative dates (``Вчера`` after ``26 марта`` with no
    year: "year 0 is out of range"), ADDRESS ("list.remove(x): x not in list"). Such a text is
    processed again without the analyzer that raised (no dates for it, say; the prediction's
    `warning` tells). A text on which pullenti still raises gets an empty prediction with its
    error; the run goes on.
    """

    name = "pullenti"
    capabilities = frozenset({"PER", "LOC", "ORG", "DATE", "POSITION", "OFFICIAL", "NORMAL"})

    def __init__(self):
        self.processor = pullenti_processor()
        self.init_seconds = _PULLENTI.get("init_seconds", 0.0)

    def predict(self, texts: Iterable[str], needs=None) -> list:
        out = []
        for text in texts:
            try:
                out.append(self.predict_one(text))
            except Exception as e:  # one text never stops the run
                out.append(Prediction([], [], self.capabilities,
                                      error=f"pullenti: {type(e).__name__}: {e}"[:300]))
        return out

    def analyse(self, text: str, processor=None):
        from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis

        processor = processor or self.processor
        return processor.process(SourceOfAnalysis(_pullenti_safe_text(text)))

    def predict_one(self, text: str) -> Prediction:
        if not text.strip():
            return Prediction([], [], self.capabilities)
        entities, warning = self.entities(text)
        pred = pullenti_to_prediction(text, entities, self.capabilities)
        pred.warning = warning
        return pred

    def entities(self, text: str) -> tuple:
        """(pullenti's entities of `text`, a warning naming the analyzers left out after they
        raised, or "")."""
        left_out, raised = [], []
        while True:
            processor = pullenti_processor_without(*left_out) if left_out else None
            try:
                entities = self.analyse(text, processor).entities
                break
            except Exception as e:
                analyzer = _failing_analyzer(e)
                if not analyzer or analyzer in left_out or len(left_out) >= 3:
                    raise
                left_out.append(analyzer)
                raised.append(f"{type(e).__name__}: {e}")
        warning = ""
        if left_out:
            warning = (f"processed without the {' and '.join(left_out)} analyzer (it raised "
                       f"{'; '.join(raised)})")[:300]
        return entities, warning


def _failing_analyzer(exc: BaseException):
    """The name of the pullenti analyzer ("DATE", "ADDRESS") whose `process` raised `exc`: the
    local `c` of pullenti's Processor.__process2 frame in the traceback, or None."""
    name = None
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_name.endswith("process2"):
            analyzer = frame.f_locals.get("c")
            name = getattr(analyzer, "name", None) or name
        tb = tb.tb_next
    return name


def pullenti_to_prediction(text: str, entities, capabilities=PullentiBaseline.capabilities):
    """pullenti's referents over `text` -> Prediction (see PullentiBaseline)."""
    from pullenti.ner.date.DateRangeReferent import DateRangeReferent
    from pullenti.ner.date.DateReferent import DateReferent
    from pullenti.ner.geo.GeoReferent import GeoReferent
    from pullenti.ner.org.OrganizationReferent import OrganizationReferent
    from pullenti.ner.person.PersonPropertyReferent import PersonPropertyReferent
    from pullenti.ner.person.PersonReferent import PersonReferent

    n = len(text)
    spans = []
    seen = set()

    def add(span: PredSpan):
        key = (span.type, span.start, span.stop)
        if key not in seen:
            seen.add(key)
            spans.append(span)

    persons = [e for e in entities if isinstance(e, PersonReferent)]
    props = [e for e in entities if isinstance(e, PersonPropertyReferent)
             and _pullenti_kind(e) not in _PULLENTI_NOT_POSITION]
    all_prop_occ = [occ for e in entities if isinstance(e, PersonPropertyReferent)
                    for occ in _occurrences(e, n)]
    raw_person_occ = {id(p): _occurrences(p, n) for p in persons}

    # persons: name spans inside each occurrence
    person_occ = {}  # id(person) -> [(name_start, name_stop, raw_start, raw_stop)]
    for p in persons:
        others = [occ for q in persons if q is not p for occ in raw_person_occ[id(q)]]
        occs = []
        for a, b in raw_person_occ[id(p)]:
            for ns, nt in _person_name_spans(text, a, b, p, all_prop_occ + others):
                occs.append((ns, nt, a, b))
                add(PredSpan("PER", ns, nt, text[ns:nt], _person_normal(p, text[ns:nt])))
        person_occ[id(p)] = occs

    for e in entities:
        if isinstance(e, GeoReferent):
            for a, b in _occurrences(e, n):
                mention = text[a:b]
                tag = "adj" if _adjectival(mention) else ""
                add(PredSpan("LOC", a, b, mention, _geo_normal(e, mention), tag=tag))
        elif isinstance(e, OrganizationReferent):
            for a, b in _occurrences(e, n):
                add(PredSpan("ORG", a, b, text[a:b], _short(e)))
    dates = [(a, b, e) for e in entities if isinstance(e, (DateReferent, DateRangeReferent))
             for a, b in _occurrences(e, n)]
    for a, b, e in dates:
        if any(a2 <= a and b <= b2 and (a2, b2) != (a, b) for a2, b2, _ in dates):
            continue  # inside a larger date ("2021 года" in "5 марта 2021 года")
        add(PredSpan("DATE", a, b, text[a:b], _short(e)))

    position_normal = {}
    # the deepest property first: "Заместитель министра финансов РФ" is one occurrence of both
    # "заместитель" (HIGHER "министр финансов") and "министр финансов"; the span keeps the first
    props.sort(key=lambda e: -len(_position_normal(e)))
    for e in props:
        normal = _position_normal(e)
        position_normal[id(e)] = normal
        for a, b in _occurrences(e, n):
            add(PredSpan("POSITION", a, b, text[a:b], normal))

    # officials: property occurrence -> the nearest occurrence of a person bearing it
    bearers = {}
    for p in persons:
        for s in p.slots:
            if s.type_name == PersonReferent.ATTR_ATTR and id(s.value) in position_normal:
                bearers.setdefault(id(s.value), []).append(p)
    officials = []
    done = set()
    for e in props:
        people = bearers.get(id(e), [])
        if not people:
            continue
        for a, b in _occurrences(e, n):
            best = None
            for p in people:
                for ns, nt, ra, rb in person_occ.get(id(p), ()):
                    inside = ra <= a and b <= rb
                    gap = max(0, max(a, ns) - min(b, nt))
                    key = (not inside, gap)
                    if best is None or key < best[0]:
                        best = (key, p, ns, nt)
            if best is None:
                continue
            _, p, ns, nt = best
            k = (ns, nt, a, b)
            if k in done:
                continue
            done.add(k)
            where = _property_where(e)
            officials.append(PredOfficial(ns, nt, a, b, _person_full_name(p),
                                          position_normal[id(e)], where,
                                          text[ns:nt], text[a:b],
                                          employment=bool(where) or
                                          _official_post(position_normal[id(e)]),
                                          founder=_post_category(position_normal[id(e)])
                                          == "owner"))
    return Prediction(spans, officials, capabilities)


def _official_post(position: str) -> bool:
    """Whether a post pullenti names is an official post by our lexicon (positions.csv), so
    that its facts are read as employment by the same rule as ours."""
    from ..models import default_models  # (one per process)

    category = _post_category(position)
    return category in default_models().positions.post_categories and category != "owner"


def _post_category(position: str) -> str:
    """The category of the first title our lexicon finds in a post pullenti names, else ""."""
    from ..models import default_models  # (one per process)
    from ..positions import fold

    m = default_models()
    lemmas = [fold(m.morph.lemma(w)) for w in position.lower().split()]
    for i in range(len(lemmas)):
        title, _ = m.positions.match_title(lemmas, i)
        if title is not None:
            return title.category
    return ""


def _pullenti_kind(prop) -> int:
    try:
        return int(prop.kind)
    except Exception:
        return 0


def _short(referent) -> str:
    try:
        return referent.to_string(True) or ""
    except Exception:
        return ""


def _person_name_spans(text, a, b, person, inner_occ) -> list:
    """The parts of a person occurrence [a, b) naming the person: runs of words matching its
    name slots, outside the properties and other persons inside the occurrence (``Вдова
    Солженицына, Наталья Дмитриевна`` -> ``Наталья Дмитриевна``), a run broken by anything but
    spaces (``Брендт Кристенсен (Brendt Christensen)`` -> two spans). [] when no word matches
    a name slot (pullenti makes nameless persons of posts alone: ``писателю``, ``Бывший``)."""
    from pullenti.ner.person.PersonReferent import PersonReferent as P

    names = [str(s.value).upper() for s in person.slots
             if s.type_name in (P.ATTR_FIRSTNAME, P.ATTR_MIDDLENAME, P.ATTR_LASTNAME,
                                P.ATTR_NICKNAME) and s.value]
    if not names:
        return []
    inner = [(pa, pb) for pa, pb in inner_occ if a <= pa and pb <= b and (pa, pb) != (a, b)]
    runs = []
    for m in _WORD.finditer(text, a, b):
        ws, we = m.start(), m.end()
        if any(pa <= ws and we <= pb for pa, pb in inner):
            continue
        initial = text[we:we + 1] == "."
        if not _name_matches(m.group(), names, initial):
            continue
        if initial and we - ws == 1:  # "А." keeps its dot
            we += 1
        if runs and not text[runs[-1][1]:ws].strip():
            runs[-1][1] = we
        else:
            runs.append([ws, we])
    return [tuple(r) for r in runs]


def _person_normal(person, mention: str) -> str:
    """'Имя Отчество Фамилия' in the nominative, from the slots present in `mention`."""
    from pullenti.ner.person.PersonReferent import PersonReferent as P

    words = [(m.group(), mention[m.end():m.end() + 1] == ".") for m in _WORD.finditer(mention)]
    parts = []
    for attr in (P.ATTR_FIRSTNAME, P.ATTR_MIDDLENAME, P.ATTR_LASTNAME):
        value = person.get_string_value(attr)
        if value and any(_name_matches(w, [value.upper()], dot) for w, dot in words):
            parts.append(_title(value) + ("." if len(value) == 1 else ""))
    return " ".join(parts) or mention


def _person_full_name(person) -> str:
    from pullenti.ner.person.PersonReferent import PersonReferent as P

    parts = [person.get_string_value(a) for a in (P.ATTR_FIRSTNAME, P.ATTR_LASTNAME)]
    parts = [_title(v) for v in parts if v]
    return " ".join(parts) or _short(person)


def _title(value: str) -> str:
    return "-".join(w[:1].upper() + w[1:].lower() for w in value.split("-"))


def _adjectival(mention: str) -> bool:
    words = _WORD.findall(mention)
    return bool(words) and all(_ADJ_END.search(w) for w in words)


def _geo_normal(geo, mention: str = "") -> str:
    """Short name of a GeoReferent; an adjectival name takes its type when the mention has it."""
    from pullenti.ner.geo.GeoReferent import GeoReferent as G

    if mention.strip().isupper() and len(mention.strip()) <= 6:  # an abbreviation: РФ, ВКО
        return mention.strip()
    name = _short(geo)
    if 1 < len(name) <= 4 and name.upper() in (geo.get_string_values(G.ATTR_NAME) or ()):
        return name.upper()  # pullenti's short form writes "Сша"
    typ = (geo.get_string_value(G.ATTR_TYPE) or "").split(" ")[-1]
    if name and typ and _adjectival(name) and (not mention or typ[:4].lower()
                                              in mention.lower()):
        return f"{name} {typ}"
    return name


def _position_normal(prop) -> str:
    """NAME of a person property, then the NAMEs up its HIGHER chain."""
    parts, seen = [], set()
    while prop is not None and id(prop) not in seen and len(parts) < 5:
        seen.add(id(prop))
        if prop.name:
            parts.append(prop.name)
        prop = prop.higher
    return " ".join(parts)


def _property_where(prop) -> str:
    """The place or organisation of a property's REF slot (or of its HIGHER chain's)."""
    from pullenti.ner.geo.GeoReferent import GeoReferent
    from pullenti.ner.org.OrganizationReferent import OrganizationReferent
    from pullenti.ner.person.PersonPropertyReferent import PersonPropertyReferent as PP

    seen = set()
    while prop is not None and id(prop) not in seen:
        seen.add(id(prop))
        ref = prop.get_slot_value(PP.ATTR_REF)
        if isinstance(ref, GeoReferent):
            return _geo_normal(ref)
        if isinstance(ref, OrganizationReferent):
            return _short(ref)
        prop = prop.higher
    return ""


# ---------------------------------------------------------------------------------------------


def make_system(name_or_system):
    """A system instance from its name ("ours", "natasha", "pullenti") or the instance itself.

    Raises SystemUnavailable for an optional system whose package is not installed."""
    if not isinstance(name_or_system, str):
        return name_or_system
    if name_or_system == "ours":
        return OursSystem()
    if name_or_system == "natasha":
        return NatashaBaseline()
    if name_or_system == "pullenti":
        return PullentiBaseline()
    raise ValueError(f"unknown system {name_or_system!r}; expected one of {', '.join(SYSTEMS)}")
