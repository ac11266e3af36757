"""Assembly benchmark (not a test): the auditor's own memory for the results and reports of N pages.

    .venv/bin/python bench/assembly.py --results a11y-report/results.json [--pages 1000 10000]

No browser: real pages from a saved results.json are repeated (under new URLs) into a
results.jsonl of N pages, as a run of N pages leaves it, then a fresh process reads it
back and writes every report (results.json, HTML, JUnit, SARIF, Markdown, the baseline)
the way `auditor audit` does at the end of a run. Reports the peak resident memory of that
process: with pages kept on disk it should hardly change from 1,000 to 10,000 pages.
`--in-memory` holds the pages in a tuple instead, as the engine did before pagestore.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_stream(source: Path, count: int, dest: Path) -> list[int]:
    from auditor.pagestore import StreamWriter
    from auditor.reports import load_results

    pages = [p for p in load_results(source).pages if p.status == "audited"]
    writer = StreamWriter(dest, "2026-01-01T00:00:00Z", resuming=False)
    offsets = []
    for i in range(count):
        page = pages[i % len(pages)]
        url = f"{page.requested_url}#copy-{i // len(pages)}"
        offsets.append(writer.add(dataclasses.replace(page, requested_url=url, url=url, index=i)))
    writer.close()
    return offsets


def assemble(source: Path, stream: Path, offsets_file: Path, out: Path, in_memory: bool) -> None:
    """What `auditor audit` does once the last page is in: results, every report, the baseline."""
    from auditor.pagestore import StoredPages
    from auditor.policy import exit_code, write_baseline
    from auditor.reports import load_results, write_all

    template = load_results(source)
    pages = StoredPages(stream, json.loads(offsets_file.read_text()))
    results = dataclasses.replace(template, pages=tuple(pages) if in_memory else pages)
    t0 = time.monotonic()
    write_all(results, out, junit=str(out / "junit.xml"), sarif=str(out / "results.sarif"),
              markdown=str(out / "summary.md"))
    write_baseline(results, out / "baseline.json")
    exit_code(results, "serious")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_rss_mib": round(peak), "write_s": round(time.monotonic() - t0, 1),
                      "index_mib": round((out / "index.html").stat().st_size / 2**20, 1),
                      "sarif_mib": round((out / "results.sarif").stat().st_size / 2**20, 1)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results", type=Path, required=True, help="a saved results.json to take pages from")
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--in-memory", action="store_true", help="hold the pages in memory (the old way)")
    ap.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        assemble(args.results, *args.child, args.in_memory)
        return
    for count in args.pages:
        with tempfile.TemporaryDirectory(prefix="auditor-assembly-") as tmp:
            stream, offsets = Path(tmp) / "results.jsonl", Path(tmp) / "offsets.json"
            offsets.write_text(json.dumps(make_stream(args.results, count, stream)))
            cmd = [sys.executable, __file__, "--results", str(args.results), "--child", str(stream),
                   str(offsets), str(Path(tmp) / "out")] + (["--in-memory"] if args.in_memory else [])
            child = subprocess.run(cmd, capture_output=True, text=True)
            if child.returncode:
                raise SystemExit(child.stderr[-2000:])
            got = json.loads(child.stdout)
            size = stream.stat().st_size / 2**20
            print(f"{count} pages ({size:.0f} MiB of JSON lines), {'in memory' if args.in_memory else 'on disk'}: "
                  f"peak RSS {got['peak_rss_mib']} MiB, reports written in {got['write_s']} s "
                  f"(index.html {got['index_mib']} MiB, SARIF {got['sarif_mib']} MiB)", flush=True)


if __name__ == "__main__":
    main()
