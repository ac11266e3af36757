"""The command line: a thin shell over engine.audit and the report writers."""
from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from auditor import __version__
from auditor.config import FAIL_ON, Settings, parse_pair
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


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--json", "json_out", metavar="FILE", help="Write the results JSON here ('-' for standard output).")
@click.option("--junit", metavar="FILE", help="Also write JUnit XML (one test suite per page, one test per rule).")
@click.option("--sarif", metavar="FILE", help="Also write SARIF 2.1.0 for code scanning.")
@click.option("--markdown", metavar="FILE", help="Also write a short Markdown summary (always added to $GITHUB_STEP_SUMMARY when set).")
@click.option("--out", "out_dir", metavar="DIR", default="a11y-report", show_default=True,
              help="Report folder: results.json, screenshots and the HTML report.")
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
@click.option("--save-artifacts", metavar="DIR", default=None, help="Save each page's artifacts JSON (what the rules judge).")
@click.option("--from-artifacts", metavar="DIR", default=None, help="Judge saved artifacts again, without a browser.")
@click.option("--no-screenshots", is_flag=True, default=False, help="Skip page screenshots (faster; the report shows no images).")
@click.option("--slow-rule-budget", type=float, default=None,
              help="Seconds axe's quadratic rules may take on pages with very many links.  [default: 5]")
def audit(targets, json_out, out_dir, timeout, concurrency, fail_on, standard, best_practices, mobile, wait_for,
          headers, cookies, block, block_third_party, browser, axe_script, save_artifacts, from_artifacts,
          no_screenshots, slow_rule_budget, junit, sarif, markdown):
    """Audit pages and write the results.

    TARGETS are http(s) URLs, local .html files, folders of .html files, sitemaps
    (file or URL) and @list.txt files (one URL or path a line). Every target appears
    in the results, audited or with its error.

    Exit status: 0 nothing at or above --fail-on; 1 findings at or above it;
    2 usage or configuration error; 3 a page could not be audited.
    """
    from auditor import engine
    from auditor.progress import Reporter

    if not targets and not from_artifacts:
        raise click.UsageError("give at least one TARGET (URL, file, folder, sitemap or @list.txt)")
    settings = Settings().merged(
        timeout=timeout, concurrency=concurrency, fail_on=fail_on, standard=standard,
        best_practices=best_practices, mobile=mobile, wait_for=wait_for,
        headers=_pairs(headers, ":", "--header") or None, cookies=_pairs(cookies, "=", "--cookie") or None,
        block=tuple(block) or None, block_third_party=block_third_party, browser=browser,
        axe_script=axe_script, screenshots=not no_screenshots, slow_rule_budget=slow_rule_budget,
    ).validate()
    out = Path(out_dir)
    reporter = Reporter()
    if from_artifacts:
        results = engine.rejudge(Path(from_artifacts), settings)
    else:
        paths = engine.RunPaths(out_dir=out, save_artifacts=Path(save_artifacts) if save_artifacts else None)
        results = engine.audit(list(targets), settings, paths, progress=reporter.page_done,
                               on_start=reporter.start)
    reporter.finish(results, settings.fail_on)
    write_reports(results, out, json_out, junit=junit, sarif=sarif, markdown=markdown)
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
    index = write_all(results, out, results_path=Path(results_file), junit=junit, sarif=sarif,
                      markdown=markdown)
    click.echo(f"auditor: report written to {index}", err=True)


@main.command("rules")
def rules_cmd() -> None:
    """Print the article rules' reference (axe-core's rules are documented by Deque)."""
    from auditor.rules.docs import terminal

    click.echo(terminal().rstrip("\n"))
