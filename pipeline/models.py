"""Heavy models, loaded lazily and once per process.

The adapters around natasha and pymorphy3 live here so no stage imports them directly.
"""
from __future__ import annotations

import os
from functools import cached_property, lru_cache

# One BLAS thread per process: several worker processes share the cores, and BLAS threads
# thrash when they compete. Must be set before numpy is first imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def limit_blas_threads(n: int = 1) -> None:
    """The same when numpy was imported first (the variables above then come too late):
    threadpoolctl when installed, else OpenBLAS's own setter, found among the loaded libraries."""
    if os.environ.get("OPENBLAS_NUM_THREADS") != "1":
        return  # the user asked for more: leave it
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        pass
    else:
        threadpool_limits(n)
        return
    import ctypes

    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        return
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                     "openblas_set_num_threads64_", "openblas_set_num_threads"):
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(n)
                break


class Models:
    """Everything a stage may need that is costly to build; each attribute loads on first use."""

    @cached_property
    def taggers(self):
        """natasha's news morph and NER taggers run by pipeline/fastnn.py: the same weights and
        tags, several times faster, with one copy of the vocabulary and embedding."""
        from .fastnn import load_taggers

        limit_blas_threads()
        return _lasting(load_taggers())

    @property
    def fast_morph(self):
        return self.taggers[0]

    @property
    def fast_ner(self):
        return self.taggers[1]

    @cached_property
    def morph(self):
        from .morphology import Morphology

        return _lasting(Morphology())

    @cached_property
    def gazetteer(self):
        from .gazetteer import Gazetteer

        return _lasting(Gazetteer.load())

    @cached_property
    def positions(self):
        from .positions import PositionLexicon

        return _lasting(PositionLexicon.load(self.morph))

    @cached_property
    def event_lexicon(self):
        """Event triggers, planned-status words and topics (pipeline/data/event_*.csv)."""
        from .events import lexicon

        return lexicon()

    @cached_property
    def pair_model(self):
        """The learned post-person pair model (pipeline/pairs.py), None without its weights."""
        from .pairs import MODEL_PATH, PairModel

        return PairModel.load() if MODEL_PATH.exists() else None


def _lasting(model):
    """A model lives as long as the process: its objects (vocabularies, dictionaries, the
    gazetteer: a few hundred thousand) leave the garbage collector's generations, which
    otherwise scans them on every full collection (8% of a run's time on news) and, in a
    forked worker, touches their pages (copying memory shared with the parent)."""
    import gc

    gc.freeze()
    return model


@lru_cache(maxsize=1)
def default_models() -> Models:
    """The process-wide models (shared by every Pipeline built in this process)."""
    return Models()
