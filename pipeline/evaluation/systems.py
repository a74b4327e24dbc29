"""Systems under evaluation: each turns texts into the same plain `Prediction` record.

* ``ours``: the project's pipeline (`pipeline.Pipeline`).
* ``natasha``: natasha used plainly, the obvious alternative: its NER tagger (PER/LOC/ORG),
  `span.normalize` for normal forms, NamesExtractor on PER spans, DatesExtractor for dates.
  natasha has no position, official or linking component, so those measures read "n/a" for it.

A system is any object with a ``name`` and ``predict(texts) -> list[Prediction]``; tests pass
their own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, NamedTuple

SYSTEMS = ("ours", "natasha")


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


@dataclass
class Prediction:
    spans: list = field(default_factory=list)  # list[PredSpan]
    officials: list = field(default_factory=list)  # list[PredOfficial]
    capabilities: frozenset = frozenset()  # what the system predicts at all
    error: str = ""


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
        out = []
        for text, doc in zip(texts, docs):
            if doc.text != text:  # offsets would not index the gold text
                out.append(Prediction([], [], self.capabilities,
                                      error="the pipeline changed the text"))
            else:
                out.append(document_to_prediction(doc, gazetteer))
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


def document_to_prediction(doc, gazetteer=None) -> Prediction:
    """Our pipeline's Document -> Prediction."""
    if getattr(doc, "status", "ok") not in ("ok", "", None) and not doc.people and not doc.places:
        return Prediction([], [], OursSystem.capabilities, error=getattr(doc, "error", ""))
    spans = []
    for person in doc.people:
        for m in person.mentions:
            spans.append(PredSpan("PER", m.start, m.stop, m.text, m.normal or person.name))
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
    for o in doc.officials:
        if o.person_start < 0 or o.start < 0:
            continue
        where = ""
        entry = _gazetteer_entry(gazetteer, o.region_id)
        if entry is not None:
            where = entry.name
        where = where or o.organisation or o.country
        officials.append(PredOfficial(
            o.person_start, o.person_stop, o.start, o.stop, o.person,
            o.role or o.position, where,
            doc.text[o.person_start:o.person_stop], doc.text[o.start:o.stop],
        ))
    return Prediction(spans, officials, OursSystem.capabilities)


def make_system(name_or_system):
    """A system instance from its name ("ours", "natasha") or the instance itself."""
    if not isinstance(name_or_system, str):
        return name_or_system
    if name_or_system == "ours":
        return OursSystem()
    if name_or_system == "natasha":
        return NatashaBaseline()
    raise ValueError(f"unknown system {name_or_system!r}; expected one of {', '.join(SYSTEMS)}")
