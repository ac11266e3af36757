"""The command line: a thin shell over engine.audit and the report writers."""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from auditor import __version__
from auditor.config import FAIL_ON, parse_pair
from auditor.errors import AuditorError
from auditor.policy import EXIT_USAGE, exit_code


class AuditorGroup(click.Group):
    """Turns our own errors into one line and exit 2; a real bug shows a traceback only with --debug."""

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


def _pairs(values: tuple[str, ...], sep: str, what: str) -> tuple[tuple[str, str], ...]:
    return tuple(parse_pair(v, sep, what) for v in values)


def _hold_out(out: Path, command: str) -> None:
    """Hold the report folder until this command ends: a second run there exits 2 (auditor/outlock.py)."""
    from auditor.outlock import hold

    click.get_current_context().with_resource(hold(out, command))


def _config_options(fn):
    for option in reversed((
        click.option("--config", "config_file", metavar="FILE",
                     help="Configuration file (else auditor.toml or [tool.auditor] in pyproject.toml, found upwards)."),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
    )):
        fn = option(fn)
    return fn


@main.command()
@click.argument("targets", nargs=-1)
@_config_options
@click.option("--json", "json_out", metavar="FILE", default=None, help="Write the results JSON here ('-' for standard output).")
@click.option("--junit", metavar="FILE", default=None, help="Also write JUnit XML (one test suite per page, one test per rule).")
@click.option("--sarif", metavar="FILE", default=None, help="Also write SARIF 2.1.0 for code scanning.")
@click.option("--markdown", metavar="FILE", default=None, help="Also write a short Markdown summary (always added to $GITHUB_STEP_SUMMARY when set).")
@click.option("--out", "out_dir", metavar="DIR", default=None,
              help="Report folder: results.json, results.jsonl, screenshots and the HTML report.  [default: a11y-report]")
@click.option("--timeout", type=float, default=None, help="Time limit per page in seconds.  [default: 30]")
@click.option("--concurrency", type=int, default=None, help="Pages audited at once.  [default: 2]")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None,
              help="Lowest impact of a failed finding that fails the run (exit 1).  [default: serious]")
@click.option("--standard", default=None, help="WCAG2.0A, WCAG2.0AA, WCAG2.1A, WCAG2.1AA, WCAG2.2A or WCAG2.2AA.  [default: WCAG2.2AA]")
@click.option("--best-practices", is_flag=True, default=None, help="Also run axe's best-practice rules.")
@click.option("--mobile", is_flag=True, default=None, help="Use a phone's viewport and user agent.")
@click.option("--wait-for", metavar="SELECTOR", default=None, help="Wait for this CSS selector before auditing.")
@click.option("--header", "headers", multiple=True, metavar="'NAME: VALUE'", help="Extra HTTP header (repeatable).")
@click.option("--cookie", "cookies", multiple=True, metavar="NAME=VALUE", help="Cookie for the audited pages (repeatable).")
@click.option("--block", multiple=True, metavar="PATTERN", help="Drop requests whose URL matches this glob, e.g. '*doubleclick*' (repeatable).")
@click.option("--block-third-party", is_flag=True, default=None,
              help="Drop every request to a host other than the page's own (steadier; audits saved pages offline).")
@click.option("--browser", metavar="PATH", default=None, help="Chromium or Chrome executable (else AUDITOR_CHROMIUM, else found).")
@click.option("--axe-script", metavar="PATH", default=None, help="Use this axe.min.js instead of the bundled axe-core.")
@click.option("--include", multiple=True, metavar="GLOB", help="Only audit targets matching this glob (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip targets matching this glob (repeatable).")
@click.option("--limit", type=int, default=None, help="Audit at most N pages.")
@click.option("--sample", type=int, default=None, help="Audit a deterministic random sample of N pages.")
@click.option("--shard", metavar="K/N", default=None, help="Audit only this machine's stable share K of N (CI matrices).")
@click.option("--baseline", metavar="FILE", default=None, help="Fail only on findings not in this baseline; report known and fixed.")
@click.option("--baseline-write", metavar="FILE", default=None, help="Record this run's findings as the baseline.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run in the same --out folder; finished pages are kept.")
@click.option("--save-artifacts", metavar="DIR", default=None, help="Save each page's artifacts JSON (what the rules judge).")
@click.option("--from-artifacts", metavar="DIR", default=None, help="Judge saved artifacts again, without a browser.")
@click.option("--no-screenshots", is_flag=True, default=None, help="Skip page screenshots (faster; the report shows no images).")
@click.option("--slow-rule-budget", type=float, default=None,
              help="Seconds axe's superlinear rules may take on very big pages.  [default: 5]")
@click.option("--annotations", type=click.Choice(["auto", "on", "off"]), default=None,
              help="GitHub Actions ::error annotations.  [default: auto, on inside GitHub Actions]")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the final line.")
@click.option("-v", "--verbose", is_flag=True, help="Also each page's timings.")
def audit(targets, config_file, no_config, json_out, junit, sarif, markdown, out_dir, timeout, concurrency, fail_on,
          standard, best_practices, mobile, wait_for, headers, cookies, block, block_third_party, browser,
          axe_script, include, exclude, limit, sample, shard, baseline, baseline_write, resume, save_artifacts,
          from_artifacts, no_screenshots, slow_rule_budget, annotations, quiet, verbose):
    """Audit pages and write the results.

    TARGETS are http(s) URLs, local .html files, folders of .html files, sitemaps
    (file or URL, .xml or .xml.gz, index files too) and @list.txt files (one URL or
    path a line). Every target appears in the results, audited or with its error.

    Settings come from auditor.toml (or [tool.auditor] in pyproject.toml); flags override them.

    Exit status: 0 nothing at or above --fail-on (ignored and baseline-known findings
    do not count); 1 findings at or above it; 2 usage or configuration error;
    3 a page could not be audited.
    """
    from auditor import engine
    from auditor.annotations import github_annotations
    from auditor.config import load_settings
    from auditor.policy import write_baseline
    from auditor.progress import Reporter
    from auditor.selection import parse_shard

    if not targets and not from_artifacts:
        raise click.UsageError("give at least one TARGET (URL, file, folder, sitemap or @list.txt)")
    flags = dict(
        timeout=timeout, concurrency=concurrency, fail_on=fail_on, standard=standard,
        best_practices=best_practices, mobile=mobile, wait_for=wait_for,
        headers=_pairs(headers, ":", "--header") or None, cookies=_pairs(cookies, "=", "--cookie") or None,
        block=tuple(block) or None, block_third_party=block_third_party, browser=browser,
        axe_script=axe_script, screenshots=False if no_screenshots else None, slow_rule_budget=slow_rule_budget,
        out=out_dir, json=json_out, junit=junit, sarif=sarif, markdown=markdown,
        include=tuple(include) or None, exclude=tuple(exclude) or None, limit=limit, sample=sample,
        baseline=baseline, annotations=annotations,
    )
    settings = load_settings(flags, config_file, use_file=not no_config).settings
    shard_k_n = parse_shard(shard) if shard else None
    out = Path(settings.out)
    _hold_out(out, "audit")
    reporter = Reporter(quiet=quiet, verbose=verbose)
    if from_artifacts:
        results = engine.rejudge(Path(from_artifacts), settings)
    else:
        paths = engine.RunPaths(out_dir=out, save_artifacts=Path(save_artifacts) if save_artifacts else None,
                                stream=out / "results.jsonl")
        results = engine.audit(list(targets), settings, paths, progress=reporter.page_done,
                               on_start=reporter.start, shard=shard_k_n, resume=resume)
    reporter.finish(results, settings.fail_on)
    write_reports(results, out, settings.json, junit=settings.junit, sarif=settings.sarif, markdown=settings.markdown)
    if baseline_write:
        write_baseline(results, baseline_write)
    if settings.annotations == "on" or (settings.annotations == "auto" and os.environ.get("GITHUB_ACTIONS") == "true"):
        # Workflow commands are read from the step's output; keep stdout clean when it carries JSON.
        click.echo(github_annotations(results, settings.fail_on), nl=False, err=settings.json == "-")
    sys.exit(exit_code(results, settings.fail_on))


def write_reports(results, out: Path, json_out: str | None, *, junit: str | None = None,
                  sarif: str | None = None, markdown: str | None = None) -> None:
    from auditor.reports import write_all

    write_all(results, out, json_out=json_out, junit=junit, sarif=sarif, markdown=markdown)


@main.command("report")
@click.argument("results_file", metavar="RESULTS_JSON")
@click.option("--out", "out_dir", metavar="DIR", default=None,
              help="Report folder.  [default: the folder of RESULTS_JSON]")
@click.option("--junit", metavar="FILE", help="Also write JUnit XML.")
@click.option("--sarif", metavar="FILE", help="Also write SARIF 2.1.0.")
@click.option("--markdown", metavar="FILE", help="Also write a short Markdown summary.")
def report_cmd(results_file, out_dir, junit, sarif, markdown) -> None:
    """Render the reports again from a saved results.json, without a browser.

    The screenshots next to RESULTS_JSON are copied into DIR when it is another folder.
    """
    from auditor.reports import load_results, write_all

    results = load_results(results_file)
    out = Path(out_dir) if out_dir else Path(results_file).parent
    _hold_out(out, "report")
    index = write_all(results, out, results_path=Path(results_file), junit=junit, sarif=sarif,
                      markdown=markdown)
    click.echo(f"auditor: report written to {index}", err=True)


@main.command("config")
@_config_options
def config_cmd(config_file, no_config) -> None:
    """Print the effective configuration and where each value comes from."""
    from auditor.config import load_settings, show

    click.echo(show(load_settings({}, config_file, use_file=not no_config)), nl=False)


@main.command("init")
@click.option("--force", is_flag=True, help="Overwrite an existing auditor.toml.")
def init_cmd(force: bool) -> None:
    """Write a commented starter auditor.toml in the current folder."""
    from auditor.config import starter_file
    from auditor.errors import ConfigError

    path = Path("auditor.toml")
    if path.exists() and not force:
        raise ConfigError("auditor.toml already exists (use --force to overwrite it)")
    path.write_text(starter_file(), encoding="utf-8")
    click.echo(f"auditor: wrote {path.resolve()}", err=True)


def _load(path: str):
    from auditor.reports import load_results

    return load_results(path)


@main.command("diff")
@click.argument("old", metavar="OLD_JSON")
@click.argument("new", metavar="NEW_JSON")
@click.option("--json", "json_out", metavar="FILE", help="Write the differences as JSON.")
@click.option("--markdown", metavar="FILE", help="Write the differences as Markdown.")
def diff_cmd(old, new, json_out, markdown) -> None:
    """What is new, fixed and unchanged between two results files (e.g. before and after a deploy).

    Findings are matched by fingerprint (rule, page path and a description of the element),
    so unrelated markup changes do not turn old problems into new ones. Exit 1 when anything is new.
    """
    import json as _json

    from auditor import diff as diffing
    from auditor.reports.output import write_text

    d = diffing.diff(_load(old), _load(new))
    text = diffing.markdown(d)
    if json_out:
        write_text(json_out, _json.dumps(d.to_dict(), indent=2, ensure_ascii=False) + "\n")
    if markdown:
        write_text(markdown, text)
    click.echo(text, nl=False)
    sys.exit(1 if d.new else 0)


@main.command("merge")
@click.argument("files", nargs=-1, required=True, metavar="RESULTS_JSON...")
@click.option("--out", "out_dir", metavar="DIR", default="a11y-report", show_default=True,
              help="Report folder for the merged results.json and report.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="serious", show_default=True,
              help="Threshold for the exit status of the merged run.")
@click.option("--junit", metavar="FILE", help="Also write JUnit XML.")
@click.option("--sarif", metavar="FILE", help="Also write SARIF 2.1.0.")
@click.option("--markdown", metavar="FILE", help="Also write a Markdown summary.")
def merge_cmd(files, out_dir, fail_on, junit, sarif, markdown) -> None:
    """Combine the results of shards (--shard K/N) into one results file and one report.

    Screenshots next to each shard's results.json are copied into DIR.
    """
    from auditor.merge import merge_files
    from auditor.reports import copy_screenshots

    out = Path(out_dir)
    _hold_out(out, "merge")
    merged = merge_files(list(files), out / "results.jsonl",
                         on_load=lambda path, run: copy_screenshots(run, path.parent, out))
    write_reports(merged, out, None, junit=junit, sarif=sarif, markdown=markdown)
    click.echo(f"auditor: merged {len(files)} files, {len(merged.pages)} pages, into {out / 'results.json'}", err=True)
    sys.exit(exit_code(merged, fail_on))


@main.command("rules")
def rules_cmd() -> None:
    """Print the article rules' reference (axe-core's rules are documented by Deque)."""
    from auditor.rules.docs import terminal

    click.echo(terminal().rstrip("\n"))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--db", metavar="PATH", default=None,
              help="SQLite file for audits, reports and history.  [default: ~/.local/share/auditor/service.sqlite3]")
@click.option("--allow-private", is_flag=True, default=False,
              help="Let the service audit private, loopback and link-local addresses (intranets only).")
@click.option("--allow", "allow", multiple=True, metavar="HOST|CIDR",
              help="Allow this host name or network although private (repeatable).")
@click.option("--concurrency", type=int, default=2, show_default=True, help="Audits that run at once.")
@click.option("--max-urls", type=int, default=10, show_default=True, help="URLs per request.")
@click.option("--max-body", type=int, default=64 * 1024, show_default=True, help="Largest request body in bytes.")
@click.option("--queue", "queue_limit", type=int, default=20, show_default=True,
              help="Audits that may wait; more get HTTP 429.")
@click.option("--audit-timeout", type=float, default=300, show_default=True,
              help="Seconds one audit may take before it is stopped and marked failed.")
@click.option("--timeout", "page_timeout", type=float, default=30, show_default=True, help="Time limit per page in seconds.")
@click.option("--browser", metavar="PATH", default=None, help="Chromium or Chrome executable (else AUDITOR_CHROMIUM, else found).")
@click.option("--trusted-host", "trusted_hosts", multiple=True, metavar="NAME",
              help="A host name clients use to reach the service (repeatable); other Host headers get 400. "
                   "[default: the --host address, localhost, 127.0.0.1]")
def serve_cmd(host, port, db, allow_private, allow, concurrency, max_urls, max_body, queue_limit, audit_timeout,
              page_timeout, browser, trusted_hosts) -> None:
    """Run the web service: a page and a JSON API for auditing URLs now.

    Set AUDITOR_TOKEN to require a bearer token for the API (and a sign-in for the
    page). Private and loopback addresses are refused unless --allow-private or --allow.
    API documentation is served at /docs.
    """
    from auditor.service.serve import run

    run(host=host, port=port, db=db, allow_private=allow_private, allow=allow, concurrency=concurrency,
        max_urls=max_urls, max_body=max_body, queue_limit=queue_limit, audit_timeout=audit_timeout,
        page_timeout=page_timeout, browser=browser, trusted_hosts=trusted_hosts)
