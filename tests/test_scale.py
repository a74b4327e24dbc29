"""`cli.py bench --scale`'s pieces that need no corpus and no long run."""
import json
import os
import subprocess
import sys

from click.testing import CliRunner

from pipeline.scale import (SECTION_END, SECTION_START, ScaleReport, ScaleRun, _tree_rss_kb,
                            run_order, section_of, with_section, write_articles)


def test_articles_past_the_corpus_come_again_under_new_ids(tmp_path):
    source = tmp_path / "news.jsonl"
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": f"Текст {i}."}) + "\n"
                              for i in range(3)), encoding="utf-8")
    out = tmp_path / "seven.jsonl"
    write_articles(out, source, 7)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["n0", "n1", "n2", "n0~2", "n1~2", "n2~2", "n0~3"]
    assert records[4]["text"] == "Текст 1."


def test_the_fewest_and_most_articles_run_first():
    assert run_order([3000, 1000, 10000], [1, 2]) == [
        (1, 1000), (1, 10000), (2, 1000), (2, 10000), (1, 3000), (2, 3000)]
    assert run_order([300], [2]) == [(2, 300)]


def test_tree_memory_counts_the_children():
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; b = bytearray(60 << 20); "
         "b[::4096] = b'x' * len(b[::4096]); print('ready', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"  # its 60 MB are touched
        alone = _tree_rss_kb(child.pid)
        assert alone > 60 * 1024
        assert _tree_rss_kb(os.getpid()) >= alone + 10 * 1024  # this process and its child
    finally:
        child.kill()
        child.wait()


def report():
    runs = [ScaleRun(w, n, s, c, m, 1.0) for w, n, s, c, m in [
        (1, 1000, 70.0, 68.0, 500.0), (1, 10000, 700.0, 690.0, 550.0),
        (2, 1000, 40.0, 75.0, 800.0), (2, 10000, 460.0, 760.0, 1000.0)]]
    return ScaleReport(runs=runs, started="now", commit="abc", machine="test")


def test_report_judges_memory_and_time_per_worker_count():
    md = report().to_markdown()
    assert md.startswith(SECTION_START) and md.rstrip().endswith(SECTION_END)
    assert "| 1 worker: peak memory at 10,000 articles ≤ 1.2× the peak at 1,000 | 1.10 | yes |" in md
    assert "| 2 workers: peak memory at 10,000 articles ≤ 1.2× the peak at 1,000 | 1.25 | no |" in md
    assert "| 2 workers: time at 10× the articles ≤ 11× the time | 11.50 | no |" in md
    assert "| 1 worker: time at 10× the articles ≤ 11× the time | 10.00 | yes |" in md


def test_the_section_replaces_its_earlier_self_and_keeps_the_rest():
    page = "# Performance\n\nother figures\n"
    once = with_section(page, report().to_markdown())
    assert once.startswith(page) and section_of(once) == report().to_markdown()
    again = with_section(once + "\n## After\n", "%s\nnew\n%s\n" % (SECTION_START, SECTION_END))
    assert again.count(SECTION_START) == 1 and "new" in again and "| 1 | 1,000 |" not in again
    assert again.startswith(page) and again.rstrip().endswith("## After")
    assert section_of(page) == ""


def test_scale_bench_refuses_bad_sizes(tmp_path):
    from cli import cli

    result = CliRunner().invoke(cli, ["bench", "--scale", "--sizes", "10,x", "--out",
                                      str(tmp_path / "p.md")])
    assert result.exit_code == 2 and "--sizes" in result.output
    result = CliRunner().invoke(cli, ["bench", str(tmp_path / "absent.jsonl"), "--scale",
                                      "--out", str(tmp_path / "p.md")])
    assert result.exit_code == 2 and "not found" in result.output
