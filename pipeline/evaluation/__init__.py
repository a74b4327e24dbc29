"""The project's own evaluation: gold corpora readers, scorers, systems, reports.

    from pipeline.evaluation import evaluate, regenerate_quality
    report = evaluate("nerel")            # ../shared/corpora/nerel/dev, ours vs natasha
    print(report.to_markdown())
"""
from .corpora import CORPORA, CorpusNotFound, default_path, read_corpus
from .run import Report, evaluate, write_errors


def regenerate_quality(*args, **kwargs):
    """Rewrite docs/quality.md over every corpus present (see quality.regenerate_quality)."""
    from .quality import regenerate_quality as _regenerate

    return _regenerate(*args, **kwargs)


__all__ = [
    "CORPORA", "CorpusNotFound", "Report", "default_path", "evaluate", "read_corpus",
    "regenerate_quality", "write_errors",
]
