"""The command line: a thin shell over engine.audit and the report writers.

Each command's settings flags come from the options table (auditor/options.py) through
`@options_for`; only what is no setting (targets, --resume, ...) is declared here.
"""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from auditor import __version__
from auditor.cli_options import Command, Given, epilog, flag, options_for
from auditor.errors import AuditorError, ConfigError
from auditor.policy import EXIT_USAGE, exit_code
from auditor.wording import plural


class AuditorGroup(click.Group):
    """Turns our own errors into one line and exit 2; a real bug shows a traceback only with --debug."""

    command_class = Command

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AuditorError as exc:
            click.echo(f"auditor: error: {exc}", err=True)
            sys.exit(EXIT_USAGE if exc.exit_code == 2 else exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("auditor: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if ctx.params.get("debug") or os.environ.get("AUDITOR_DEBUG"):
                traceback.print_exc()
            else:
                click.echo(f"auditor: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                           err=True)
            sys.exit(70)


@click.group(cls=AuditorGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="auditor")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
def main(debug: bool) -> None:
    """Accessibility auditor for published articles.

    Renders each page in headless Chromium, runs axe-core's WCAG rules plus article
    rules (alt text, captions, transcripts, external-content disclaimers) and writes
    reports. Start with:  auditor audit https://example.org/article --json results.json
    """
    if debug:
        os.environ["AUDITOR_DEBUG"] = "1"


def _commands_options(command: str):
    """`@main.command` with the settings of `command` and the epilog that says where else they come from."""
    def wrap(fn):
        return main.command(command, epilog=epilog(command) or None)(options_for(command)(fn))
    return wrap


def _hold_out(out: Path, command: str) -> None:
    """Hold the report folder until this command ends: a second run there exits 2 (auditor/outlock.py)."""
    from auditor.outlock import hold

    click.get_current_context().with_resource(hold(out, command))


@_commands_options("audit")
@click.argument("targets", nargs=-1)
@flag("--shard", metavar="K/N", group="Target", help="Audit only this machine's stable share K of N (CI matrices).")
@flag("--baseline-write", metavar="FILE", group="Gate", help="Record this run's findings as the baseline.")
@flag("--resume", is_flag=True, help="Continue an interrupted run in the same --out folder; finished pages are kept.")
@flag("--save-artifacts", metavar="DIR", help="Save each page's artifacts JSON (what the rules judge).")
@flag("--from-artifacts", metavar="DIR", help="Judge saved artifacts again, without a browser.")
@flag("-q", "--quiet", is_flag=True, help="Only errors and the final line.")
@flag("-v", "--verbose", is_flag=True, help="Also each page's timings.")
def audit(targets, given: Given, shard, baseline_write, resume, save_artifacts, from_artifacts, quiet, verbose):
    """Audit pages and write the results.

    TARGETS are http(s) URLs, local .html files, folders of .html files, sitemaps
    (file or URL, .xml or .xml.gz, index files too) and @list.txt files (one URL or
    path a line). Every target appears in the results, audited or with its error.

    Exit status: 0 nothing at or above --fail-on (ignored and baseline-known findings
    do not count); 1 failures at or above it; 2 usage or configuration error;
    3 a page could not be audited.
    """
    from auditor import engine
    from auditor.annotations import github_annotations
    from auditor.policy import write_baseline
    from auditor.progress import Reporter
    from auditor.selection import parse_shard

    if not targets and not from_artifacts:
        raise click.UsageError("give at least one TARGET (URL, file, folder, sitemap or @list.txt)")
    loaded = given.load()
    settings = loaded.settings
    if not from_artifacts:
        check_browser(loaded)
    shard_k_n = parse_shard(shard) if shard else None
    out = Path(settings.out)
    _hold_out(out, "audit")
    reporter = Reporter(quiet=quiet, verbose=verbose)
    request = engine.AuditRequest(settings, tuple(targets), out_dir=out, stream=out / "results.jsonl",
                                  save_artifacts=Path(save_artifacts) if save_artifacts else None,
                                  shard=shard_k_n, resume=resume)
    source = engine.ArtifactsSource(Path(from_artifacts)) if from_artifacts else engine.BrowserSource()
    results = engine.audit(request, source, on_page=reporter.page_done, on_start=reporter.start,
                           on_page_start=reporter.page_started)
    reporter.finish(results, settings.fail_on)
    outputs = write_reports(results, out, settings)
    if baseline_write:
        write_baseline(results, baseline_write)
    if settings.annotations == "on" or (settings.annotations == "auto" and os.environ.get("GITHUB_ACTIONS") == "true"):
        # Workflow commands are read from the step's output; keep stdout clean when it carries a report.
        click.echo(github_annotations(results, settings.fail_on), nl=False, err="-" in outputs.values())
    sys.exit(exit_code(results, settings.fail_on))


def check_browser(loaded) -> None:
    """A browser path that is not an executable file, as one line naming where it was given,
    before the run starts (only runs that open pages need a browser)."""
    path = loaded.settings.browser
    if not path or (os.path.isfile(path) and os.access(path, os.X_OK)):
        return
    source = loaded.sources["browser"]
    if source == "command line":
        where = "--browser"
    elif source.startswith("environment "):
        where = source.removeprefix("environment ")
    else:
        where = f"{source.removeprefix('file ')}: browser"
    raise ConfigError(f"{where} names {path!r}, which is not an executable file")


def write_reports(results, out: Path, settings, results_path: Path | None = None) -> dict[str, str]:
    """The report folder and every format asked for; in GitHub Actions, the Markdown summary is
    added to the job's summary too. Returns the formats written (format -> file)."""
    from auditor.reports import write_all
    from auditor.reports.markdown import append

    outputs = settings.outputs()
    index = write_all(results, out, results_path=results_path, **outputs)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        append(results, summary, report_path=str(index))
    return outputs


@_commands_options("report")
@click.argument("results_file", metavar="RESULTS_JSON")
def report_cmd(results_file, given: Given) -> None:
    """Render the reports again from a saved results.json, without a browser.

    The report folder (--out) defaults to the folder of RESULTS_JSON; the screenshots
    next to RESULTS_JSON are copied into it when it is another folder. With --baseline
    the findings the baseline knows no longer count, and results.json is written anew
    (so --out must then be another folder). Exit status as for `auditor audit`.
    """
    from auditor.reports import copy_screenshots, load_results

    source = Path(results_file)

    def report_folder(loaded) -> Path:
        return Path(loaded.settings.out) if loaded.sources["out"] != "default" else source.parent

    loaded = given.load(folder=report_folder)
    settings = loaded.settings
    results = load_results(source)
    out = report_folder(loaded)
    _hold_out(out, "report")
    if settings.baseline:
        if _same_folder(out, source.parent):
            raise ConfigError("report --baseline writes new results and would overwrite those in "
                              f"{source.parent}; give --out another folder")
        from auditor import engine

        # The engine applies the baseline, as it does for an audit and a merge.
        results = engine.audit(engine.AuditRequest(settings), engine.SavedResults(source))
        copy_screenshots(results, source.parent, out)
        write_reports(results, out, settings)
    else:
        write_reports(results, out, settings, results_path=source)
    click.echo(f"auditor: report written to {out / 'index.html'}", err=True)
    sys.exit(exit_code(results, settings.fail_on))


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


@_commands_options("config")
def config_cmd(given: Given) -> None:
    """Print the effective configuration and where each value comes from.

    Give any setting's flag to see what it would change.
    """
    from auditor.config import show

    click.echo(show(given.load(warn=False)), nl=False)


@main.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing auditor.toml.")
def init_cmd(force: bool) -> None:
    """Write a commented starter auditor.toml in the current folder."""
    from auditor.config import starter_file

    path = Path("auditor.toml")
    if path.exists() and not force:
        raise ConfigError("auditor.toml already exists (use --force to overwrite it)")
    path.write_text(starter_file(), encoding="utf-8")
    click.echo(f"auditor: wrote {path.resolve()}", err=True)


def _load(path: str):
    from auditor.reports import load_results

    return load_results(path)


@_commands_options("diff")
@click.argument("old", metavar="OLD_JSON")
@click.argument("new", metavar="NEW_JSON")
def diff_cmd(old, new, given: Given) -> None:
    """What is new, fixed and unchanged between two results files (e.g. before and after a deploy).

    Findings are matched by fingerprint (rule, page path and a description of the element),
    so unrelated markup changes do not turn old problems into new ones. The differences are
    printed as Markdown; --json and --markdown (from the command line only: the configuration's
    json and markdown keys name a run's reports) also write them to files.
    Exit 1 when a new failure is at or above --fail-on, else 0.
    """
    from auditor import diff as diffing
    from auditor.policy import fails
    from auditor.reports.registry import WriteContext, writer

    loaded = given.load()
    settings = loaded.settings
    d = diffing.diff(_load(old), _load(new))
    outputs = {name: dest for name, dest in settings.outputs().items()
               if loaded.sources[name] == "command line"}
    for name, dest in outputs.items():
        if str(dest) != "-" and any(_same_file(dest, p) for p in (old, new)):
            raise ConfigError(f"--{name} {dest} is one of the results files being compared")
    for name, dest in outputs.items():
        write_diff = writer(name, for_diff=True).write_diff
        assert write_diff is not None  # for_diff: only formats that write a diff
        write_diff(d, dest, WriteContext())
    if "-" not in outputs.values():
        click.echo(diffing.markdown(d), nl=False)
    sys.exit(1 if any(fails(c.finding, settings.fail_on) for c in d.new) else 0)


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


@_commands_options("merge")
@click.argument("files", nargs=-1, required=True, metavar="RESULTS_JSON...")
def merge_cmd(files, given: Given) -> None:
    """Combine the results of shards (--shard K/N) into one results file and one report.

    Screenshots next to each shard's results.json are copied into the report folder (--out).
    Exit status as for `auditor audit`, over the merged results.
    """
    from auditor import engine
    from auditor.reports import copy_screenshots

    settings = given.load().settings
    out = Path(settings.out)
    _hold_out(out, "merge")
    from auditor.model import RunResult

    def copy_shots(path: Path, run: RunResult) -> None:
        copy_screenshots(run, path.parent, out)

    shards = engine.ShardResults(files, on_load=copy_shots)
    # The engine applies --baseline, as for an audit.
    merged = engine.audit(engine.AuditRequest(settings, stream=out / "results.jsonl"), shards)
    write_reports(merged, out, settings)
    click.echo(f"auditor: merged {plural(len(files), 'file')}, {plural(len(merged.pages), 'page')}, "
               f"into {out / 'results.json'}", err=True)
    sys.exit(exit_code(merged, settings.fail_on))


@main.command("rules")
@click.argument("rule_id", required=False, metavar="[RULE_ID]")
def rules_cmd(rule_id: str | None) -> None:
    """Print the article rules' reference, or one rule's (axe-core's rules are documented by Deque)."""
    from auditor.rules.docs import terminal

    click.echo(terminal(rule_id).rstrip("\n"))


@_commands_options("serve")
@flag("--host", default="127.0.0.1", show_default=True, group="Service", help="Address to listen on (0.0.0.0 for every interface).")
@flag("--port", type=int, default=8000, show_default=True, group="Service", help="Port to listen on.")
@flag("--db", metavar="PATH", default=None,
              group="Service", help="SQLite file for audits, reports and history.  [default: ~/.local/share/auditor/service.sqlite3]")
@flag("--allow-private", is_flag=True, default=False,
              group="Service", help="Let the service audit private, loopback and link-local addresses (intranets only).")
@flag("--allow", "allow", multiple=True, metavar="HOST|CIDR",
              group="Service", help="Allow this host name or network although private (repeatable).")
@flag("--concurrency", type=int, default=2, show_default=True, group="Service", help="Audits that run at once.")
@flag("--max-urls", type=int, default=10, show_default=True, group="Service", help="URLs per request.")
@flag("--max-body", type=int, default=64 * 1024, show_default=True, group="Service", help="Largest request body in bytes.")
@flag("--queue", "queue_limit", type=int, default=20, show_default=True,
              group="Service", help="Audits that may wait; more get HTTP 429.")
@flag("--audit-timeout", type=float, default=300, show_default=True,
              group="Service", help="Seconds one audit may take before it is stopped and marked failed.")
@flag("--trusted-host", "trusted_hosts", multiple=True, metavar="NAME", group="Service",
      help="A host name clients use to reach the service (repeatable); other Host headers get 400. "
           "[default: the --host address, localhost, 127.0.0.1]")
def serve_cmd(host, port, db, allow_private, allow, concurrency, max_urls, max_body, queue_limit, audit_timeout,
              trusted_hosts, given: Given) -> None:
    """Run the web service: a page and a JSON API for auditing URLs now.

    Set AUDITOR_TOKEN to require a bearer token for the API (and a sign-in for the
    page). Private and loopback addresses are refused unless --allow-private or --allow.
    API documentation is served at /docs. Every audit starts from the settings of the file
    named with --config (no auditor.toml is looked for); a request's own options go over them.
    """
    import dataclasses

    from auditor.service.serve import run

    # Only a file named with --config is read: a server's audits must not change with the folder it
    # happens to start in. Its settings, the environment and --timeout/--browser apply.
    config_file = None if given.no_config else given.config_file
    loaded = dataclasses.replace(given, no_config=config_file is None).load()
    check_browser(loaded)
    run(host=host, port=port, db=db, allow_private=allow_private, allow=allow, concurrency=concurrency,
        max_urls=max_urls, max_body=max_body, queue_limit=queue_limit, audit_timeout=audit_timeout,
        page_timeout=loaded.settings.timeout, browser=loaded.settings.browser, config_file=config_file,
        trusted_hosts=trusted_hosts)
