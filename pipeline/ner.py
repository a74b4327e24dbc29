"""Stage: natasha's NER tagger (slovnet) for PER / LOC / ORG spans.

The raw spans go to doc.ner; the people, regions and officials stages decide what they are.
"""
from __future__ import annotations

import re

from .models import map_sorted
from .records import Mention
from .stage import Stage


def run(doc, models) -> None:
    run_batch([doc], models)


def run_batch(docs, models) -> None:
    # The tagger reads each line by itself (an entity never crosses a line): lines of many
    # documents batch well by length, where whole texts of mixed length pad badly.
    pieces = [(doc, line.start(), line.group()) for doc in docs
              for line in _LINE.finditer(doc.text) if line.group().strip()]
    markups = map_sorted(models.ner_tagger, [text for _, _, text in pieces])
    for doc in docs:
        doc.ner = []
    for (doc, base, _), markup in zip(pieces, markups):
        for span in markup.spans:
            start, stop = base + span.start, base + span.stop
            doc.ner.append(Mention(
                type=span.type, start=start, stop=stop, text=doc.text[start:stop],
                sent_id=doc.sentence_at(start), in_boilerplate=doc.in_boilerplate(start, stop)))


_LINE = re.compile(r"[^\n]+")

STAGE = Stage("ner", run, requires=("text", "sentences", "boilerplate"), provides=("ner",),
              run_batch=run_batch)
