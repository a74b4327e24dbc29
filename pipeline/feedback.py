"""What a command tells the person running it, on standard error, and when.

Standard output carries only results (JSON, tables, a rendered document); everything here goes
to standard error. The rules, the same for every command:

| on stderr            | terminal | not a terminal | --quiet | --verbose                     |
|----------------------|----------|----------------|---------|-------------------------------|
| progress             | a bar    | nothing        | nothing | a bar, or lines when no terminal |
| summary, "wrote ..." | yes      | no             | no      | yes                           |
| warnings             | yes      | yes            | no      | yes                           |
| errors               | yes      | yes            | yes     | yes                           |

So a script or a pipe (`... 2>log`, cron, CI) sees nothing but warnings and errors unless it
asks for `--verbose`; `--quiet` and `--verbose` together are a usage error.

    feedback = Feedback(quiet, verbose)
    with feedback.progress("processing") as advance:
        summary = run_files(inputs, out, progress=advance)
    feedback.summary(summary.lines())
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator


class FeedbackError(ValueError):
    """Contradictory options (--quiet with --verbose)."""


def is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


class Feedback:
    def __init__(self, quiet: bool = False, verbose: bool = False, stream=None,
                 interactive: bool | None = None):
        if quiet and verbose:
            raise FeedbackError("--quiet and --verbose cannot be used together")
        self.quiet, self.verbose = quiet, verbose
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = is_terminal(self.stream) if interactive is None else interactive

    # -- what is shown -----------------------------------------------------------------------
    @property
    def shows_progress(self) -> bool:
        return self.interactive and not self.quiet

    @property
    def shows_summary(self) -> bool:
        return self.verbose or (self.interactive and not self.quiet)

    # -- messages ----------------------------------------------------------------------------
    def _write(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    def error(self, message: str) -> None:
        self._write(f"error: {message}")

    def warn(self, message: str) -> None:
        if not self.quiet:
            self._write(f"warning: {message}")

    def note(self, message: str) -> None:
        """A short result note ("wrote report.html"): shown with the summary."""
        if self.shows_summary:
            self._write(message)

    def summary(self, lines) -> None:
        if self.shows_summary:
            for line in lines:
                self._write(line)

    def detail(self, message: str) -> None:
        """Only with --verbose."""
        if self.verbose:
            self._write(message)

    # -- progress ----------------------------------------------------------------------------
    @contextmanager
    def progress(self, description: str = "processing", unit: str = "documents",
                 total: int | None = None) -> Iterator[Callable | None]:
        """A callback for `run_files(progress=...)`, or None when there is nothing to show.

        The callback takes the number of documents done so far (what `run_files` passes after
        each batch) or a processed Document (one more done). `total`: how many there will be
        (inputs.count_documents), or None when that is unknown, which the display says rather
        than showing a bar that fills. On a terminal: a transient rich display (bar,
        percentage, documents/s, time left), gone when done. With --verbose and no terminal: a
        line per call ("processing: 48/9200 documents (0.5%), 3.1 documents/s, 0:49:14
        left"), or per document when given documents."""
        if not self.shows_progress and not self.verbose:
            yield None
            return
        if not self.shows_progress:  # verbose, not a terminal: lines only
            done = [0]
            started = time.monotonic()

            def log(item=None):
                done[0] = item if isinstance(item, int) else done[0] + 1
                if item is None or isinstance(item, int):
                    seconds = time.monotonic() - started
                    self._write(f"{description}: {progress_text(done[0], total, seconds, unit)}")
                else:
                    self._write(document_line(item))

            yield log
            return
        from rich.console import Console
        from rich.progress import (BarColumn, Progress, SpinnerColumn, TaskProgressColumn,
                                   TextColumn, TimeElapsedColumn, TimeRemainingColumn)

        count = (f"{{task.completed}}/{total} {unit}" if total is not None
                 else f"{{task.completed}} {unit} (total unknown)")
        columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   TextColumn(count), _RateColumn(unit), TimeElapsedColumn()]
        if total is not None:
            columns[3:3] = [TaskProgressColumn()]
            columns.append(TimeRemainingColumn())
        bar = Progress(*columns, console=Console(file=self.stream, force_terminal=True),
                       transient=True)
        task = bar.add_task(description, total=total)

        def advance(item=None):
            if isinstance(item, int):
                bar.update(task, completed=item)
                return
            if self.verbose and item is not None:
                bar.console.print(document_line(item), markup=False, highlight=False)
            bar.update(task, advance=1)

        with bar:
            yield advance


def progress_text(done: int, total: int | None, seconds: float, unit: str = "documents") -> str:
    """`48/9200 documents (0.5%), 3.1 documents/s, 0:49:14 left`; without a total,
    `48 documents (total unknown), 3.1 documents/s`."""
    rate = done / seconds if seconds > 0 else 0.0
    if total is None:
        return f"{done} {unit} (total unknown), {rate:.1f} {unit}/s"
    share = 100.0 * done / total if total else 100.0
    text = f"{done}/{total} {unit} ({share:.1f}%), {rate:.1f} {unit}/s"
    if rate > 0 and done < total:
        left = int((total - done) / rate)
        text += f", {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d} left"
    return text


def _RateColumn(unit: str):
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Documents a second, over rich's recent window."""

        def render(self, task):
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} {unit}/s" if speed else f"– {unit}/s")

    return RateColumn()


def document_line(doc) -> str:
    """One line about a processed document, for --verbose."""
    if getattr(doc, "status", "ok") != "ok":
        return f"{doc.doc_id}  failed in {doc.error_stage or 'read'}: {doc.error}"
    return (f"{doc.doc_id}  ok  {len(doc.people)} people, {len(doc.officials)} officials, "
            f"{len(doc.places)} places, {len(doc.dates)} dates")
