"""Measure the report of a run: the time to build it, its size, the time headless Chromium
takes to load it, and screenshots of its map and of a document (docs/report-scale.md).

    python scripts/report_scale.py TABLES_DIR --out /tmp/report.html --shots docs/
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.report import make_report  # noqa: E402
from tests.cdp import CHROMIUM, Browser  # noqa: E402

BOX = """(function (el) {  // scrolled to, clear of the sticky nav, once laid out
  function frames() {
    return new Promise(function (ok) {
      requestAnimationFrame(function () { requestAnimationFrame(ok); }); });
  }
  function scroll() {
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 50);
    return frames();
  }
  return scroll().then(scroll).then(function () {
    var r = el.getBoundingClientRect();
    return {x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width,
            height: Math.min(r.height, %d)};
  });
})(%s)"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tables", type=Path)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "report.html")
    parser.add_argument("--shots", type=Path, default=None, help="folder for the PNG screenshots")
    parser.add_argument("--loads", type=int, default=3, help="page loads to time")
    args = parser.parse_args()

    started = time.perf_counter()
    result = make_report(args.out, tables_dir=args.tables)
    built = time.perf_counter() - started
    size = args.out.stat().st_size
    print(f"documents: {result.documents}; texts shown: {result.texts}; notes: {result.notes}")
    print(f"built in {built:.1f} s; {size:,} bytes ({size / 2**20:.1f} MiB)")
    if CHROMIUM is None:
        print("Chromium not installed: no load time, no screenshots")
        return
    with tempfile.TemporaryDirectory() as profile, Browser(CHROMIUM, profile, width=1200,
                                                           height=900) as b:
        for i in range(args.loads):
            b.goto("about:blank")
            wall = time.perf_counter()
            b.goto(args.out.resolve().as_uri())
            wall = time.perf_counter() - wall
            timing = b.evaluate("(function () { var n = performance.getEntriesByType("
                                "'navigation')[0]; return [n.domContentLoadedEventEnd, "
                                "n.loadEventEnd]; })()")
            ready = b.evaluate("document.documentElement.getAttribute('data-ready')")
            print(f"load {i + 1}: DOMContentLoaded {timing[0]:.0f} ms, load {timing[1]:.0f} ms,"
                  f" navigate-to-load {wall * 1000:.0f} ms (script ran: {ready == '1'})")
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)
            map_box = b.evaluate(BOX % (900, "document.querySelector(\"svg[aria-label="
                                              "'Russia–Kazakhstan region pairs']\")"))
            b.screenshot(args.shots / "report-map.png", map_box)
            doc_box = b.evaluate(BOX % (480, "document.querySelector('details.doc[open]')"))
            b.screenshot(args.shots / "report-document.png", doc_box)
            print(f"screenshots in {args.shots}")


if __name__ == "__main__":
    main()
