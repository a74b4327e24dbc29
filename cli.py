"""Command line: a thin layer over the `pipeline` library (one library call per command).

Exit codes: 0 success; 1 the run finished but documents failed and --strict was given;
2 bad usage or input (missing path, unknown format).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

DEFAULT_INPUT = "data/raw/"
DEFAULT_OUT = "data/processed/"


def _iso_date(value: str) -> str:
    """A YYYY-MM-DD date that exists (2024-02-30 and 2024-13-45 are usage errors, exit 2)."""
    from datetime import date

    if not value:
        return value
    try:
        if len(value) == 10:  # fromisoformat also takes 20240102 and week dates
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise click.BadParameter(f"{value!r} is not a date of the form YYYY-MM-DD")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ru-officials-pipeline", message="%(version)s")
def cli():
    """Russian news -> tables of people, officials, regions and dates.

    \b
    Example:
      python cli.py run data/raw/ --out data/processed/     # tables of the sample articles
      python cli.py extract "Аким ВКО Нурымбет Сактаганов встретился с губернатором."
      python cli.py report --tables data/processed/ --out report.html
      python cli.py serve data/processed/                   # browse the tables (Datasette)
    """


@cli.command()
@click.argument("text", required=False)
@click.option("--published", default="", callback=lambda ctx, param, value: _iso_date(value),
              help="Publication date (YYYY-MM-DD) to resolve relative dates.")
@click.option("--tokens", "with_tokens", is_flag=True, help="Include sentences and tokens.")
def extract(text, published, with_tokens):
    """One text's entities as JSON (TEXT, or standard input when omitted).

    \b
    Example:
      python cli.py extract "Губернатор Астраханской области Игорь Бабушкин встретился с послом."
      echo "Аким ВКО Нурымбет Сактаганов ..." | python cli.py extract
    """
    from pipeline import Document, Pipeline
    from pipeline.jsonl import document_json

    if text is None:
        text = sys.stdin.read()
    if not text.strip():
        raise click.UsageError("no text given (pass TEXT or pipe it on standard input)")
    doc = Pipeline().process(Document(doc_id="text", text=text, published_meta=published))
    click.echo(json.dumps(document_json(doc, with_tokens), ensure_ascii=False, indent=2))


@cli.command("show")
@click.argument("target")
@click.option("--tables", "tables_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(file_okay=False),
              help="Tables of an earlier run, where a DOC_ID is looked up.")
def show_command(target, tables_dir):
    """Show a document with its entities highlighted and its rows of each table.

    TARGET is a FILE (or folder), processed now, every document in it shown; or the DOC_ID of
    a document in the tables under --tables, its text read again from the source file the run
    recorded (or rebuilt from the sentences table when that file is gone or changed).
    People are magenta, positions cyan, places green, dates yellow, organisations blue,
    boilerplate dim.

    \b
    Example:
      python cli.py show data/raw/002_2cf5135a9f6ab4d7.txt
      python cli.py show 002_2cf5135a9f6ab4d7 --tables data/processed/
    """
    from rich.console import Console

    from pipeline.results import ResultsError
    from pipeline.show import show

    try:
        show(target, tables_dir, Console())
    except ResultsError as e:
        raise click.UsageError(str(e))


@cli.command("report")
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("--tables", "tables_dir", default=DEFAULT_OUT, show_default=True,
              type=click.Path(file_okay=False),
              help="Tables of an earlier run to report on (when no INPUTS are given).")
@click.option("--out", "out_path", default="report.html", show_default=True,
              type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--max-documents", default=100, show_default=True, type=click.IntRange(min=0),
              help="Documents whose text is shown highlighted: those naming the map's pairs, "
                   "then those with most official links (the tables cover all).")
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stderr but errors.")
@click.option("-v", "--verbose", is_flag=True,
              help="Progress and the result line even when stderr is not a terminal.")
def report_command(inputs, tables_dir, out_path, max_documents, quiet, verbose):
    """Write one self-contained HTML report: summary, charts, searchable tables, texts.

    Without INPUTS, reports on the tables under --tables (texts read again from the source
    files the run recorded); with INPUTS (files or folders), runs the pipeline on them first,
    in memory. The page opens offline in any browser: charts of mentions per place,
    Russia–Kazakhstan region pairs on a map, officials over time; tables to filter and sort;
    every document with its entities highlighted (hover for normal form and id).

    \b
    Example:
      python cli.py report --tables data/processed/ --out report.html
      python cli.py report data/raw/ --out /tmp/report.html
    """
    from pipeline.feedback import Feedback, FeedbackError
    from pipeline.read import InputError
    from pipeline.report import make_report
    from pipeline.results import ResultsError

    from pipeline.inputs import count_documents

    try:
        feedback = Feedback(quiet, verbose)
        total = count_documents(inputs) if inputs and (feedback.shows_progress or verbose) \
            else None
        with feedback.progress("processing", total=total) as advance:
            result = make_report(out_path, tables_dir=tables_dir, inputs=inputs,
                                 max_documents=max_documents, progress=advance)
    except (ResultsError, FeedbackError, InputError) as e:
        raise click.UsageError(str(e))
    for note in result.notes:
        feedback.warn(note)
    feedback.note(f"wrote {result.path} ({result.documents} documents)")


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path())
@click.option("--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(),
              help="Folder for the output tables.")
@click.option("--format", "fmt",
              type=click.Choice(["csv", "parquet", "parquet-dataset", "duckdb", "jsonl"]),
              default=None,
              help="Table format: a file per table (csv, parquet); a folder per table of "
                   "Parquet part files, OUT/TABLE/part-00000.parquet ... (parquet-dataset: what "
                   "Dask, DuckDB and Spark read in parallel); all tables and ready views in "
                   "one DuckDB file OUT/tables.duckdb (needs the `duckdb` extra); or jsonl: no "
                   "tables, one JSON object per document on standard output (what `extract` "
                   "prints), for pipes. [default: csv; parquet-dataset with --engine dask]")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Only the first N documents (to try a big corpus first).")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="N documents drawn at random from all the inputs (kept in input order).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed of --sample (the same seed draws the same documents).")
@click.option("--text-column", default="text", show_default=True,
              help="Column/field holding the text in .csv/.jsonl inputs.")
@click.option("--id-column", default="id", show_default=True,
              help="Column/field holding the document id in .csv/.jsonl inputs.")
@click.option("--unsafe-csv", is_flag=True,
              help="Do not prefix cells starting with = + - @ by an apostrophe (spreadsheet safety).")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--force", is_flag=True,
              help="Process every document again, ignoring results kept from earlier runs.")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Documents per batch (a batch is the unit of work and of resumption).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where batches run: worker processes here, or a Dask cluster.")
@click.option("--scheduler", default=None,
              help="Dask scheduler address (tcp://host:8786); without it --engine dask starts "
                   "a local cluster of --workers processes.")
@click.option("--strict", is_flag=True, help="Exit with code 1 when any document failed.")
@click.option("-q", "--quiet", is_flag=True,
              help="Nothing on stderr but errors (no progress, summary or warnings).")
@click.option("-v", "--verbose", is_flag=True,
              help="Progress lines and the summary even when stderr is not a terminal.")
def run(inputs, out_dir, fmt, limit, sample, seed, text_column, id_column, unsafe_csv, workers,
        force, batch_size, engine, scheduler, strict, quiet, verbose):
    """Process INPUTS (files or folders; default data/raw/; - for JSONL on standard input)
    into tables under --out.

    Reads .txt (recursively), .jsonl / .jsonl.gz (fields text, id, title, url, published or
    date / pubDate), .csv and .html. Writes the tables documents, sentences, tokens, mentions,
    people, officials, posts, regions, region_links, dates, events, event_participants and
    errors (docs/tables.md). On a
    terminal a progress display (done of the total counted up front, percentage, documents/s,
    time left) and a summary go to stderr; in a pipe or script only warnings and errors do
    (--verbose for more).

    \b
    Examples:
      python cli.py run data/raw/ --out data/processed/ --format parquet
      python cli.py run data/raw/ --out data/processed/ --format duckdb
      python cli.py run corpus/ --out tables/ --workers 2 --limit 1000
      python cli.py run corpus.jsonl.gz --out tables/ --sample 500 --seed 7
      zcat news.jsonl.gz | python cli.py run - --format jsonl > entities.jsonl
      python cli.py run corpus/ --out tables/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from pipeline import InputError, ReadOptions, run_files
    from pipeline.duck import DuckDBMissing, run_duckdb
    from pipeline.feedback import Feedback, FeedbackError
    from pipeline.inputs import STDIN, count_documents, read_inputs, select
    from pipeline.jsonl import run_jsonl
    from pipeline.runner import default_workers

    inputs = inputs or (DEFAULT_INPUT,)
    fmt = fmt or ("parquet-dataset" if engine == "dask" else "csv")
    missing = [p for p in inputs if p != STDIN and not Path(p).exists()]
    if missing:
        raise click.UsageError(f"input path does not exist: {', '.join(missing)}")
    if fmt == "jsonl" and engine != "local":
        raise click.UsageError("--format jsonl runs with --engine local")
    try:
        feedback = Feedback(quiet, verbose)
    except FeedbackError as e:
        raise click.UsageError(str(e))
    options = ReadOptions(text_column=text_column, id_column=id_column)
    workers = workers or default_workers()
    kwargs = dict(safe_csv=not unsafe_csv, workers=workers, force=force,
                  batch_size=batch_size, engine=engine, scheduler=scheduler)
    total = (count_documents(inputs, options, limit=limit, sample=sample)
             if feedback.shows_progress or verbose else None)
    documents = select(read_inputs(inputs, options), limit=limit, sample=sample, seed=seed)
    try:
        with feedback.progress("processing", total=total) as advance:
            if fmt == "jsonl":
                done, failed = run_jsonl(documents, sys.stdout, workers=workers,
                                         batch_size=batch_size, progress=advance)
            elif fmt == "duckdb":
                summary = run_duckdb(inputs, out_dir, options=options, progress=advance,
                                     documents=documents, **kwargs)
            else:
                summary = run_files(inputs, out_dir, fmt, options, progress=advance,
                                    documents=documents, **kwargs)
    except (InputError, DuckDBMissing, ImportError) as e:
        raise click.UsageError(str(e))
    if fmt == "jsonl":
        feedback.note(f"{done} documents ({failed} failed) written to standard output")
        if strict and failed:
            sys.exit(1)
        return
    feedback.summary(summary.lines())
    if summary.failed and not feedback.shows_summary:
        feedback.warn(f"{summary.failed} failed of {summary.documents} documents "
                      f"(reasons in the errors table)")
    if strict and summary.failed:
        sys.exit(1)


@cli.command("serve")
@click.argument("tables_dir", default=DEFAULT_OUT, type=click.Path(file_okay=False))
@click.option("-p", "--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 (0: any free port). Only this machine can connect.")
@click.option("--rebuild", is_flag=True,
              help="Build OUT/browse.sqlite again even when it is newer than the run.")
def serve_command(tables_dir, port, rebuild):
    """Browse the tables of a run in Datasette (needs the `serve` extra).

    The tables go into OUT/browse.sqlite (built again when the run is newer), with facets
    by country, region, role and year, full-text search over officials, people and document
    titles, and each doc_id linked to its document shown with its entities highlighted. The
    server listens on 127.0.0.1 only; Ctrl-C stops it.

    \b
    Example:
      pip install -e ".[serve]"
      python cli.py serve data/processed/ --port 8001   # then open the URL it prints
    """
    from pipeline.results import ResultsError
    from pipeline.serve import ServeMissing, serve

    try:
        serve(tables_dir, port=port, force=rebuild,
              on_ready=lambda url: click.echo(f"serving {tables_dir} at {url} (Ctrl-C stops)",
                                              err=True))
    except (ServeMissing, ResultsError) as e:
        raise click.UsageError(str(e))
    except OSError as e:  # the port is taken
        raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e}")


EVAL_CORPORA = ("nerel", "factrueval", "bsnlp", "collection5", "regional")


@cli.command("evaluate")
@click.argument("corpus", type=click.Choice(EVAL_CORPORA))
@click.argument("path", required=False, type=click.Path())
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Score natasha used plainly (NER, span.normalize, NamesExtractor, "
                   "DatesExtractor) in the same run, beside ours.")
@click.option("--pullenti", is_flag=True,
              help="Also score pullenti 4.1 (optional, non-commercial licence; "
                   "pip install -e '.[compare]') in the same run.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Only the first N texts of the corpus.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="Also write the report (Markdown) to this file.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False), default=None,
              help="Write the error analysis (commonest error kinds, with examples) here.")
def evaluate_command(corpus, path, baseline, pullenti, limit, out_path, errors_path):
    """Score the pipeline on a gold CORPUS at PATH: precision / recall / F1 per measure.

    CORPUS is nerel (brat), factrueval, bsnlp, collection5 or regional (real regional news,
    scored at document level: officials with the place served, people, places, dates,
    publication date, events); PATH defaults to the corpus under ../shared/corpora (nerel: its
    dev split). natasha's figures are printed beside ours.

    \b
    Example:
      python cli.py evaluate nerel ../shared/corpora/nerel/dev --errors errors.md
      python cli.py evaluate regional --pullenti
    """
    from pipeline.evaluation import CorpusNotFound, default_path, evaluate
    from pipeline.evaluation.systems import SystemUnavailable

    if path is None and not default_path(corpus).exists():
        raise click.UsageError(
            f"the default {corpus} corpus {default_path(corpus)} is absent (the gold corpora "
            f"are not shipped): pass its folder, e.g. python cli.py evaluate {corpus} "
            f"PATH/TO/{corpus}")

    systems = ("ours", "natasha") if baseline else ("ours",)
    if pullenti:
        systems += ("pullenti",)
    try:
        report = evaluate(corpus, path, systems=systems, limit=limit, errors_path=errors_path)
    except CorpusNotFound as e:
        raise click.UsageError(f"{e}; give the corpus folder as PATH (formats: "
                               f"../shared/README.md)")
    except SystemUnavailable as e:
        raise click.UsageError(str(e))
    for name, why in report.unavailable.items():
        click.echo(f"warning: {name} not run: {why}", err=True)
    text = report.to_markdown()
    click.echo(text)
    if out_path:
        Path(out_path).write_text(text + "\n", encoding="utf-8")
    if errors_path:
        click.echo(f"error analysis written to {errors_path}", err=True)


@cli.command("quality")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="Where to write the page (default docs/quality.md of this checkout).")
@click.option("--corpora", "corpora_root", type=click.Path(), default=None,
              help="Folder holding the gold corpora (default ../shared/corpora).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False), default=None,
              help="Also write the full error analysis of every corpus here.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Only the first N texts of each corpus (a quick look; not for the page).")
@click.option("--pullenti", is_flag=True,
              help="Also score pullenti 4.1 (optional; pip install -e '.[compare]').")
def quality_command(out_path, corpora_root, errors_path, limit, pullenti):
    """Regenerate docs/quality.md: every gold corpus present, ours beside natasha.

    \b
    Example:
      python cli.py quality --errors /tmp/errors.md
    """
    from pipeline.evaluation import regenerate_quality
    from pipeline.evaluation.corpora import SHARED_CORPORA
    from pipeline.evaluation.quality import QUALITY_MD

    root = Path(corpora_root) if corpora_root else SHARED_CORPORA
    if not root.is_dir():
        which = "" if corpora_root else "the default "
        raise click.UsageError(f"{which}gold corpora folder {root} is absent (the corpora are "
                               f"not shipped): pass it with --corpora DIR")
    out = Path(out_path) if out_path else QUALITY_MD
    systems = ("ours", "natasha", "pullenti") if pullenti else ("ours", "natasha")
    reports = regenerate_quality(out, corpora_root=root, systems=systems,
                                 errors_path=errors_path, limit=limit)
    if not reports:
        raise click.UsageError(f"no gold corpus found under {root}")
    click.echo(f"wrote {out} ({', '.join(r.path for r in reports)})", err=True)


@cli.command("bench")
@click.argument("path", required=False, type=click.Path())
@click.option("-n", "--limit", default=300, show_default=True, type=click.IntRange(min=1),
              help="Number of news articles to run.")
@click.option("--pullenti", is_flag=True, help="Also time pullenti (needs the `compare` extra).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="Write the report here (default: docs/performance.md of this checkout).")
def bench_command(path, limit, pullenti, out_path):
    """Time the pipeline beside natasha's stack (and pullenti) on news texts, in one run.

    PATH is a .jsonl(.gz) of articles with a `text` field (default: the news benchmark corpus
    in ../shared/corpora/news/). Results are ratios from this run, written to Markdown.

    \b
    Example:
      python cli.py bench -n 300 --pullenti
    """
    from pipeline.bench import NEWS, PERFORMANCE_MD, BenchCorpusNotFound, run_bench

    if path is None and not Path(NEWS).exists():
        raise click.UsageError(f"the default benchmark corpus {NEWS} is absent (not shipped): "
                               f"pass a .jsonl(.gz) of articles with a `text` field as PATH")
    try:
        report = run_bench(path or NEWS, limit, pullenti=pullenti,
                           progress=lambda msg: click.echo(f"timing {msg} ...", err=True))
    except BenchCorpusNotFound as e:
        raise click.UsageError(str(e))
    except ImportError as e:
        raise click.UsageError(f"{e} (install the `compare` extra for --pullenti)")
    text = report.to_markdown()
    out = Path(out_path) if out_path else PERFORMANCE_MD
    out.write_text(text, encoding="utf-8")
    click.echo(text)
    click.echo(f"written to {out}", err=True)


if __name__ == "__main__":
    cli()
