"""Scale benchmark (not a test): many page audits in one run, memory must stay flat.

    .venv/bin/python bench/scale.py [--pages 100 1000] [--concurrency 2]

Serves the corpus over and over under different paths (/r0/…, /r1/…) from a loopback
server, so every page is a distinct URL, and runs `auditor audit @list` once per page
count, sampling the peak PSS of the whole process tree (auditor + Chromium) as it goes.
Reports pages per second and peak memory for each count: the peak at 1,000 pages should
be about the peak at 100.
"""
from __future__ import annotations

import argparse
import http.server
import json
import os
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import DEFAULT_CORPUS, run_measured  # noqa: E402


def serve(corpus: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            # /r17/bbc-1.html -> corpus/bbc-1.html
            name = path.split("?", 1)[0].split("/", 2)[-1]
            return str(corpus / name)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


class LinesSoFar:
    """Pages the run has finished: new lines in its results.jsonl, read incrementally (not the whole file)."""

    def __init__(self, path: Path):
        self.path, self.pos, self.lines = path, 0, 0

    def __call__(self) -> int:
        try:
            with self.path.open("rb") as fh:
                fh.seek(self.pos)
                chunk = fh.read()
        except OSError:
            return 0
        self.pos += len(chunk)
        self.lines += chunk.count(b"\n")
        return max(0, self.lines - 1)  # the first line is the header


def by_hundreds(by_progress: dict[int, int], count: int) -> str:
    """Peak PSS (MiB) in each stretch of 100 pages, then while the reports are written."""
    buckets: dict[str, int] = {}
    for done, kib in sorted(by_progress.items()):
        label = "reports" if done >= count else f"{done // 100 * 100}-"
        buckets[label] = max(buckets.get(label, 0), kib)
    return ", ".join(f"{label} {kib / 1024:.0f}" for label, kib in buckets.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[100, 1000])
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--screenshots", action="store_true", help="also take screenshots (the report's crops)")
    args = ap.parse_args()
    names = sorted(p.name for p in args.corpus.glob("*.html"))
    server, port = serve(args.corpus)
    print(f"# corpus of {len(names)} pages served as distinct URLs on 127.0.0.1:{port}; "
          f"{os.cpu_count()} cores; concurrency {args.concurrency}", flush=True)
    try:
        for count in args.pages:
            urls = [f"http://127.0.0.1:{port}/r{i // len(names)}/{names[i % len(names)]}" for i in range(count)]
            with tempfile.TemporaryDirectory(prefix="auditor-scale-") as tmp:
                listing = Path(tmp) / "urls.txt"
                listing.write_text("\n".join(urls) + "\n")
                cmd = [sys.executable, "-m", "auditor", "audit", f"@{listing}", "--block-third-party",
                       "--concurrency", str(args.concurrency), "--out", f"{tmp}/out", "--fail-on", "none",
                       "--no-config", "-q"]
                if not args.screenshots:
                    cmd.append("--no-screenshots")
                wall, mem, code, err = run_measured(cmd, LinesSoFar(Path(tmp) / "out" / "results.jsonl"))
                doc = json.loads((Path(tmp) / "out" / "results.json").read_text())
                s = doc["summary"]
                print(f"{count} pages: {wall:.0f}s, {count / wall:.2f} pages/s; audited {s['audited']}, "
                      f"errors {s['errors']}; peak PSS {mem.peak / 1024:.0f} MiB (the auditor process alone "
                      f"{mem.peak_own / 1024:.0f} MiB); exit {code}", flush=True)
                print(f"  peak PSS by pages done (MiB): {by_hundreds(mem.by_progress, count)}", flush=True)
                if code not in (0, 1, 3):
                    print(err[-2000:], file=sys.stderr)
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
