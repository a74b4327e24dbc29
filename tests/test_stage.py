"""The stage contract: the chain is checked when a pipeline is built; a stage call runs with
rarer young-generation collections and gives the host program's setting back."""
import gc

import pytest

from pipeline import STAGES, Pipeline
from pipeline.stage import YOUNG_GC, Stage, StageOrderError, check_chain


def test_the_pipelines_own_chain_is_complete():
    check_chain(STAGES)


def test_a_stage_before_what_it_needs_is_refused_when_built():
    with pytest.raises(StageOrderError, match="officials"):
        Pipeline(stages=[s for s in STAGES if s.name != "people"])


def test_a_stage_providing_an_unknown_field_is_refused():
    with pytest.raises(StageOrderError, match="no_such_field"):
        check_chain([Stage("odd", run=lambda doc, models: None, provides=("no_such_field",))])


@pytest.mark.parametrize("threshold, inside", [
    ((700, 10, 10), (YOUNG_GC, 10, 10)),      # CPython's default: rarer within the stage
    ((50_000, 5, 5), (50_000, 5, 5)),          # a host's rarer setting is kept
    ((0, 10, 10), (0, 10, 10)),                # collection turned off stays off
])
def test_collections_are_rarer_within_a_stage_and_restored_after(threshold, inside):
    seen = []
    stage = Stage("probe", run=lambda doc, models: seen.append(gc.get_threshold()))
    saved = gc.get_threshold()
    try:
        gc.set_threshold(*threshold)
        stage(["doc"], None)
        assert seen == [inside]
        assert gc.get_threshold() == threshold
    finally:
        gc.set_threshold(*saved)


def test_the_setting_is_restored_when_a_stage_fails():
    def fail(doc, models):
        raise RuntimeError("bad document")

    saved = gc.get_threshold()
    with pytest.raises(RuntimeError):
        Stage("failing", run=fail)(["doc"], None)
    assert gc.get_threshold() == saved
