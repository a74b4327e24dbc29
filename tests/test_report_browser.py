"""The report in a real browser: Debian's headless Chromium renders it with no console message,
its script runs (search and sort work), nothing from the documents runs, and a screenshot is
taken. Skipped where Chromium is not installed (apt-get install chromium)."""
import base64
import hashlib
import re
import shutil
import subprocess

import pytest

from pipeline import Document
from pipeline.report import report_html
from pipeline.results import documents_tables

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                 if p), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--enable-logging=stderr", "--v=0"]

# Run after the page's own script: types into the people search, sorts by n_mentions twice
# (descending), and writes what it saw into an attribute the dumped DOM shows.
SELF_TEST = """
(function () {
  var out = [];
  var input = document.querySelector("input[data-filter='t-people']");
  input.value = "бабушкин";
  input.dispatchEvent(new Event("input"));
  var rows = document.querySelectorAll("#t-people tbody tr");
  var shown = Array.prototype.filter.call(rows, function (r) { return !r.hidden; });
  out.push("filter=" + shown.length + "/" + rows.length + "/" +
           document.getElementById("t-people-n").textContent);
  input.value = "";
  input.dispatchEvent(new Event("input"));
  var heads = document.querySelectorAll("#t-people thead th");
  var col = Array.prototype.findIndex.call(heads, function (h) {
    return h.textContent === "n_mentions";
  });
  heads[col].click();
  heads[col].click();
  out.push("top=" + document.querySelector("#t-people tbody tr").cells[col].textContent);
  document.documentElement.setAttribute("data-selftest", out.join(";"));
})();
"""
PWN = "document.documentElement.setAttribute('data-pwned', '1')"


def _with_self_test(page: str) -> str:
    """The page plus SELF_TEST, its hash added to the page's Content-Security-Policy."""
    digest = base64.b64encode(hashlib.sha256(SELF_TEST.encode()).digest()).decode()
    page = page.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
    return page.replace("</body>", f"<script>{SELF_TEST}</script>\n</body>")


def _chromium(tmp_path, *args) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory, samples, nlp):
    hostile = nlp.process(Document(
        doc_id="xss", title=f"<script>{PWN}</script>", source="<text>",
        text=(f"Губернатор Астраханской области Игорь Бабушкин <script>{PWN}</script> "
              f"встретился с акимом Атырауской области. <img src=x onerror=\"{PWN}\">")))
    tables, texts = documents_tables(list(samples.values()) + [hostile], nlp.models.gazetteer)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(_with_self_test(report_html(tables, texts)), encoding="utf-8")
    people = tables["people"]
    expected = (sum("бабушкин" in " ".join(map(str, r)).lower() for r in people.itertuples()),
                len(people), int(people["n_mentions"].max()))
    return path, expected


def test_page_runs_its_script_with_no_console_message(report_file, tmp_path):
    path, (hits, total, top) = report_file
    result = _chromium(tmp_path, "--dump-dom", path.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    root = re.search(r"<html[^>]*>", result.stdout).group(0)
    assert 'data-ready="1"' in root  # the page's script ran to its end
    assert f'data-selftest="filter={hits}/{total}/{hits};top={top}"' in root
    assert "data-pwned" not in root  # nothing from a document ran
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert console == []  # no errors, no CSP violations, no messages at all


def test_screenshot(report_file, tmp_path):
    path, _ = report_file
    shot = tmp_path / "report.png"
    result = _chromium(tmp_path, "--window-size=1280,2400", f"--screenshot={shot}",
                       path.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000  # a page, not a blank
