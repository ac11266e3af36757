"""Report writers: one module per format, each with `write(results, dest)` and a `Writer`
in the registry (reports/registry.py).

`write_all` is what `auditor audit`, `report` and `merge` call: results.json, the HTML
report and its screenshots in one folder, plus the formats asked for.
"""
from __future__ import annotations

import json as _json  # the name json is the submodule auditor.reports.json
from pathlib import Path

from auditor.confine import is_inside, real_path
from auditor.errors import ReportError
from auditor.model import RunResult
from auditor.reports.output import copy_file, write_chunks

RESULTS_NAME = "results.json"


def load_results(path: str | Path) -> RunResult:
    """A saved results file, or a one-line ReportError saying why it cannot be read."""
    path = Path(path)
    try:
        data = _json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ReportError(f"{path} is not JSON: {exc}") from None
    try:
        return RunResult.from_dict(data)
    except ValueError as exc:
        raise ReportError(f"{path}: {exc}") from None
    except (KeyError, TypeError, AttributeError) as exc:
        raise ReportError(f"{path} is not a complete auditor results file (problem with {exc})") from None


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def copy_screenshots(results: RunResult, source_dir: Path, out_dir: Path) -> int:
    """Copy the page screenshots that results reference from source_dir into out_dir; returns how many.

    A screenshot (or screenshots/ folder) that is a link leading out of source_dir is not
    copied: a results folder from a pull request could otherwise publish any file the
    auditor can read. Like a missing screenshot, the report then shows no picture.
    """
    from auditor.reports.html import safe_relpath

    copied = 0
    for page in results.pages:
        rel = safe_relpath(page.screenshot)
        if rel is None:
            continue
        src, dest = source_dir / rel, out_dir / rel
        if not is_inside(src, source_dir) or not src.is_file() or real_path(src) == real_path(dest):
            continue
        try:
            if dest.is_file() and dest.stat().st_size == src.stat().st_size \
                    and dest.stat().st_mtime >= src.stat().st_mtime:
                continue
        except OSError as exc:
            raise ReportError(f"cannot copy screenshot {src} to {dest}: {exc.strerror or exc}") from None
        copy_file(src, dest, inside=out_dir)
        copied += 1
    return copied


def write_all(results: RunResult, out_dir: str | Path, *, results_path: str | Path | None = None,
              **outputs: str | Path | None) -> Path:
    """Write the report folder and each format asked for (`outputs`: format name -> file);
    returns the HTML index's path.

    Without `results_path` (a fresh audit) results.json is written into out_dir, where the
    screenshots already are. With it (re-rendering a saved file) that file and its screenshots
    are copied into out_dir as results.json and screenshots/, unless the file is in out_dir
    already: then the report links it under its own name and nothing is overwritten.
    """
    from auditor.reports import html
    from auditor.reports import json as json_report
    from auditor.reports.registry import WriteContext, writer

    asked = [(writer(name), dest) for name, dest in outputs.items() if dest]  # unknown names fail before writing
    out = Path(out_dir)
    dest_json = out / RESULTS_NAME
    results_name = RESULTS_NAME
    if results_path is None:
        write_chunks(dest_json, json_report.chunks(results), inside=out)
    elif _same_dir(Path(results_path).parent, out):
        results_name = Path(results_path).name  # re-rendering in place: link that file, overwrite nothing
    else:
        source = Path(results_path)
        copy_file(source, dest_json, inside=out)
        copy_screenshots(results, source.parent, out)
    index = html.write(results, out, results_name=results_name)
    context = WriteContext(report_path=str(index))
    for fmt, dest in asked:
        fmt.write(results, dest, context)
    return index
