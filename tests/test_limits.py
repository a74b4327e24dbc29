"""Every cache of the pipeline's processes is bounded, at most at WORD_CACHE entries: a run
meets ever new words, and a bigger (or unbounded) cache would grow with the corpus."""
import importlib
import pkgutil

import pipeline
from pipeline.limits import NAME_CACHE, WORD_CACHE

# lru_caches without a bound: keyed by a table name or a file, a handful of keys in a run
SMALL_KEYS = {"pipeline.write.arrow_schema", "pipeline.write._formatters",
              "pipeline.write._header"}


def caches():
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if ".evaluation" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if hasattr(value, "cache_info") and getattr(value, "__module__", "") == info.name:
                yield f"{info.name}.{name}", value.cache_info().maxsize


def test_every_cache_is_bounded_by_the_word_cache():
    found = dict(caches())
    assert "pipeline.gazetteer.parses" in found and "pipeline.names.known_parses" in found
    for name, maxsize in found.items():
        if name in SMALL_KEYS:
            continue
        assert maxsize is not None and maxsize <= WORD_CACHE, name


def test_name_caches_fill_sooner():
    assert NAME_CACHE < WORD_CACHE
    assert dict(caches())["pipeline.names.known_parses"] == NAME_CACHE
