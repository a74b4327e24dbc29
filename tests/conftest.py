"""Shared fixtures: the heavy models load once per test session."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def models():
    from pipeline.models import default_models

    return default_models()


@pytest.fixture(scope="session")
def nlp(models):
    from pipeline import Pipeline

    return Pipeline(models=models)


@pytest.fixture(scope="session")
def samples(nlp):
    """The sample articles of data/raw/, processed once: {doc_id: Document}."""
    from pipeline.read import read_paths

    return {d.doc_id: d for d in nlp.process_many(read_paths([RAW]))}
