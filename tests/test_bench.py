"""The benchmark's pieces that need no corpus: runs in forked children, the report."""
import pytest

from pipeline.bench import BenchReport, Timing, _forked


def test_forked_returns_the_childs_result_and_keeps_the_parent_state():
    state = {"n": 1}

    def bump():
        state["n"] += 1
        return state["n"]

    assert _forked(bump) == 2
    assert state["n"] == 1  # the child's change stayed in the child


def test_forked_failure_is_an_error():
    def fail():
        raise ValueError("boom")

    with pytest.raises(RuntimeError):
        _forked(fail)


def test_report_gives_each_round_and_judges_the_best():
    report = BenchReport(
        n_docs=10, n_chars=1000, n_tokens=200, stages={"segment": 1.0}, peak_rss_mb=300.0,
        started="now", machine="test", commit="abc",
        timings=[Timing("ours", 3.0, 10, runs=[3.5, 3.0]),
                 Timing("natasha full", 12.0, 10),
                 Timing("natasha NER", 2.5, 10, runs=[2.5, 2.6])])
    md = report.to_markdown()
    assert "ours 3.5, 3.0 s" in md and "ratio in each round 1.40, 1.15" in md
    assert "| whole pipeline time ≤ 1.5× natasha's NER alone | 1.20 | yes |" in md
