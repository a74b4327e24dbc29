"""Stage: natasha's NER tagger (slovnet) for PER / LOC / ORG spans.

natasha's news NER tagger is run by pipeline/fastnn.py (the same weights and spans, faster).
The raw spans go to doc.ner; the people, regions and officials stages decide what they are.
The tagger reads the text as segment does (segment.normal_text, segment.tokenize: look-alike
Latin letters and invisible characters mended, words run together cut), with the same offsets;
a span's `text` is doc.text's own slice.
"""
from __future__ import annotations

from .records import Mention
from .segment import LINE, normal_text, tokenize
from .stage import Stage


def run(doc, models) -> None:
    run_batch([doc], models)


def run_batch(docs, models) -> None:
    # The tagger reads each line by itself (an entity never crosses a line); the lines of all
    # the documents go through it in one stream.
    pieces = [(doc, line.start(), line.group()) for doc in docs
              for line in LINE.finditer(normal_text(doc.text)) if line.group().strip()]
    found = models.fast_ner.spans([text for _, _, text in pieces], tokenizer=tokenize)
    for doc in docs:
        doc.ner = []
    for (doc, base, _), spans in zip(pieces, found):
        for span_start, span_stop, kind in spans:
            start, stop = base + span_start, base + span_stop
            doc.ner.append(Mention(
                type=kind, start=start, stop=stop, text=doc.text[start:stop],
                sent_id=doc.sentence_at(start), in_boilerplate=doc.in_boilerplate(start, stop)))


STAGE = Stage("ner", run, requires=("text", "sentences", "boilerplate"), provides=("ner",),
              run_batch=run_batch)
