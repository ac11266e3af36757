"""Benchmark (not a test): audit corpus pages served on loopback and say where the time goes.

    .venv/bin/python bench/bench.py [--pages 40] [--concurrency 1 2] [--corpus DIR] [--repeat N]

Runs the full product as a user would (`auditor audit` in its own process: axe WCAG 2.2 AA,
article rules, screenshots and every report) over the first N corpus pages sorted by name,
with third-party requests dropped (the corpus's assets live on hosts this machine cannot
reach). Measures pages per second, median and worst seconds per page, the time per step
summed over pages, and the peak memory (PSS) of the whole process tree, Chromium included.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from auditor.procs import descendants

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "articles"


def tree(pid: int) -> list[int]:
    return [pid, *descendants(pid)]


def pss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0


class PeakMemory(threading.Thread):
    """Samples the process tree: peak PSS, and CPU seconds (last reading of every process seen).

    CPU time is what limits throughput on a shared 2-core machine, and unlike wall time it
    hardly changes when other work runs beside the benchmark.
    """

    def __init__(self, pid: int, progress: Callable[[], int] | None = None):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.peak_own = 0  # the auditor's Python process alone, without the browser
        self.ticks: dict[int, int] = {}
        self.progress = progress  # pages done so far, to see memory as the run goes on
        self.by_progress: dict[int, int] = {}  # pages done -> peak PSS (KiB) while that many were done

    def run(self) -> None:
        while not self.stop.wait(0.25):
            pids = tree(self.pid)
            total = pss_kib(pids)
            self.peak = max(self.peak, total)
            self.peak_own = max(self.peak_own, pss_kib([self.pid]))
            if self.progress is not None:
                done = self.progress()
                self.by_progress[done] = max(self.by_progress.get(done, 0), total)
            for pid in pids:
                self.ticks[pid] = max(self.ticks.get(pid, 0), cpu_ticks(pid))

    @property
    def cpu_s(self) -> float:
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")


def run_measured(cmd: list[str], progress: Callable[[], int] | None = None) -> tuple[float, PeakMemory, int, str]:
    """Run an auditor command in its own process: (wall seconds, memory/CPU sampler, exit code, stderr)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CI": "true"})
    mem = PeakMemory(proc.pid, progress)
    mem.start()
    _, err = proc.communicate()
    wall = time.monotonic() - t0
    mem.stop.set()
    mem.join()
    return wall, mem, proc.returncode, err


def run_once(pages: list[Path], concurrency: int, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        listing = Path(tmp) / "pages.txt"
        listing.write_text("\n".join(str(p) for p in pages) + "\n")
        out = Path(tmp) / "report"
        cmd = [sys.executable, "-m", "auditor", "audit", f"@{listing}", "--block-third-party",
               "--concurrency", str(concurrency), "--out", str(out), "--fail-on", "none", *extra]
        wall, mem, code, err = run_measured(cmd)
        if code not in (0, 1, 3):
            raise SystemExit(f"auditor failed ({code}): {err[-2000:]}")
        doc = json.loads((out / "results.json").read_text())
        size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    durations = [p["duration_s"] for p in doc["pages"]]
    steps: dict[str, float] = {}
    for p in doc["pages"]:
        for k, v in (p.get("timings") or {}).items():
            steps[k] = steps.get(k, 0.0) + v
    steps["startup + reports"] = wall - doc["duration_s"]
    return {
        "concurrency": concurrency, "pages": len(durations), "wall_s": wall,
        "pages_per_s": len(durations) / wall, "median_s": statistics.median(durations),
        "worst_s": max(durations), "worst_page": doc["pages"][durations.index(max(durations))]["requested_url"].rsplit("/", 1)[-1],
        "errors": doc["summary"]["errors"], "peak_pss_mib": mem.peak / 1024, "steps_s": steps,
        "report_mib": size / 2**20, "cpu_s": mem.cpu_s,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--skip", nargs="*", default=[], help="page names to leave out of the first N")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=1, help="runs per concurrency; medians are reported")
    ap.add_argument("--json", type=Path, help="also write the raw figures here")
    ap.add_argument("extra", nargs="*", help="more flags for auditor audit (after --)")
    args = ap.parse_args()
    pages = [p for p in sorted(args.corpus.glob("*.html"))[: args.pages] if p.name not in args.skip]
    print(f"# {len(pages)} pages from {args.corpus}; {os.cpu_count()} cores; {platform.platform()}; "
          f"python {platform.python_version()}", flush=True)
    results = []
    for c in args.concurrency:
        runs = [run_once(pages, c, args.extra) for _ in range(args.repeat)]
        med = sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]
        results.append(med)
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in sorted(med["steps_s"].items(), key=lambda kv: -kv[1]))
        print(f"concurrency {c}: {med['pages']} pages in {med['wall_s']:.1f}s ({med['pages_per_s']:.2f} pages/s); "
              f"per page median {med['median_s']:.2f}s, worst {med['worst_s']:.1f}s ({med['worst_page']}); "
              f"errors {med['errors']}; peak PSS {med['peak_pss_mib']:.0f} MiB; report {med['report_mib']:.1f} MiB; "
              f"CPU {med['cpu_s']:.0f}s ({med['cpu_s'] / med['pages']:.2f}s a page)"
              f"\n  time by step (summed over pages): {steps}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
