"""Progress and summaries on stderr: shown to a person at a terminal, quiet in pipes and scripts,
--quiet silences all but errors, --verbose tells more everywhere."""
from io import StringIO

import pytest

from pipeline import Document
from pipeline.feedback import Feedback, FeedbackError


class Terminal(StringIO):
    def isatty(self):
        return True


def _run(feedback):
    with feedback.progress("processing") as advance:
        if advance:
            advance(16)
            advance(Document(doc_id="d1", text=""))
    feedback.summary(["documents  17"])
    feedback.note("wrote report.html")
    feedback.warn("2 documents failed")
    feedback.detail("per-stage timings")
    feedback.error("cannot write")
    return feedback.stream.getvalue()


def test_not_a_terminal_shows_only_warnings_and_errors():
    out = _run(Feedback(stream=StringIO()))
    assert out == "warning: 2 documents failed\nerror: cannot write\n"


def test_terminal_shows_summary_and_note_and_a_transient_bar():
    stream = Terminal()
    out = _run(Feedback(stream=stream))
    assert "documents  17" in out and "wrote report.html" in out
    assert "warning: 2 documents failed" in out and "per-stage timings" not in out


def test_quiet_keeps_only_errors():
    for stream in (StringIO(), Terminal()):
        assert _run(Feedback(quiet=True, stream=stream)) == "error: cannot write\n"


def test_verbose_shows_everything_even_in_a_pipe():
    out = _run(Feedback(verbose=True, stream=StringIO()))
    first, *rest = out.splitlines()
    assert first.startswith("processing: 16 documents (total unknown), ")  # and a rate
    assert rest == [
        "d1  ok  0 people, 0 officials, 0 places, 0 dates",
        "documents  17", "wrote report.html", "warning: 2 documents failed",
        "per-stage timings", "error: cannot write",
    ]


def test_quiet_and_verbose_together_is_an_error():
    with pytest.raises(FeedbackError):
        Feedback(quiet=True, verbose=True)


def test_progress_callback_is_none_when_nothing_is_shown():
    with Feedback(stream=StringIO()).progress() as advance:
        assert advance is None
