"""Stage: natasha's NER tagger (slovnet) for PER / LOC / ORG spans.

The raw spans go to doc.ner; the people, regions and officials stages decide what they are.
"""
from __future__ import annotations

from .records import Mention
from .stage import Stage


def run(doc, models) -> None:
    run_batch([doc], models)


def run_batch(docs, models) -> None:
    texted = [d for d in docs if d.text.strip()]
    markups = models.ner_tagger.map([d.text for d in texted])
    for doc, markup in zip(texted, markups):
        doc.ner = [
            Mention(type=span.type, start=span.start, stop=span.stop,
                    text=doc.text[span.start:span.stop], sent_id=doc.sentence_at(span.start),
                    in_boilerplate=doc.in_boilerplate(span.start, span.stop))
            for span in markup.spans
        ]


STAGE = Stage("ner", run, requires=("text", "sentences", "boilerplate"), provides=("ner",),
              run_batch=run_batch)
