"""Page results kept on disk: read back in order, resumable, and reports written in bounded memory."""
from __future__ import annotations

import dataclasses
import json
import multiprocessing
import tracemalloc

from auditor.model import PageError
from auditor.pagestore import MappedPages, StoredPages, StreamWriter, read_stream
from auditor.policy import apply_baseline, baseline_document, with_fingerprints, write_baseline
from auditor.reports import json as json_report
from auditor.reports import junit, markdown, sarif, write_all
from tests.fixtures.report_data import finding, page, run


def _store(tmp_path, pages, order=None):
    """Pages written in `order` (completion order), listed in input order, as the engine does."""
    path = tmp_path / "results.jsonl"
    writer = StreamWriter(path, "2026-11-27T00:00:00Z", resuming=False)
    entries: list = [None] * len(pages)
    for n in order or range(len(pages)):
        entries[n] = writer.add(dataclasses.replace(pages[n], index=n))
    writer.close()
    return path, entries


def _pages(count, per_page=3):
    return [with_fingerprints(page(n, [finding(target=(f"#img{k}",), html=f'<img src="{n}-{k}.png">')
                                        for k in range(per_page)]))
            for n in range(1, count + 1)]


def test_pages_come_back_in_input_order_whatever_order_they_finished(tmp_path):
    pages = _pages(5)
    path, entries = _store(tmp_path, pages, order=[3, 0, 4, 1, 2])
    interrupted = dataclasses.replace(page(9, status="error", error=PageError("interrupted", "stopped")), index=5)
    stored = StoredPages(path, entries + [interrupted])
    assert len(stored) == 6
    assert [p.requested_url for p in stored] == [p.requested_url for p in pages] + [interrupted.requested_url]
    assert stored[2] == dataclasses.replace(pages[2], index=2)
    assert stored[-1] is interrupted  # pages that never reached the stream stay in memory
    assert [p.index for p in stored[1:3]] == [1, 2]


def test_resume_reads_offsets_skips_interrupted_pages_and_a_half_written_line(tmp_path):
    pages = _pages(3)
    path, entries = _store(tmp_path, pages)
    with path.open("ab") as fh:
        fh.write(json.dumps({"page": dataclasses.replace(page(7, status="error",
                                                               error=PageError("interrupted", "x")),
                                                          index=3).to_dict()}).encode() + b"\n")
        fh.write(b'{"page": {"index": 4, "requested_url": "https://news.exa')  # killed mid-write
    done = read_stream(path)
    assert done == {n: (entries[n], pages[n].requested_url) for n in range(3)}
    # The resumed run appends after the cut line, and its page reads back whole.
    writer = StreamWriter(path, "2026-11-27T01:00:00Z", resuming=True)
    offset = writer.add(dataclasses.replace(pages[0], index=4, title="Resumed"))
    writer.close()
    assert StoredPages(path, [offset])[0].title == "Resumed"
    assert read_stream(path)[4][0] == offset


def test_streamed_reports_equal_the_whole_document(tmp_path):
    pages = _pages(4) + [page(5, status="error", error=PageError("timeout", "too slow"))]
    path, entries = _store(tmp_path, pages)
    results = dataclasses.replace(run(pages), pages=StoredPages(path, entries))
    whole = json.loads(json.dumps(results.to_dict()))
    assert json.loads(json_report.render(results)) == whole
    assert json_report.render(results) == json.dumps(results.to_dict(), indent=2, ensure_ascii=False) + "\n"
    assert sarif.render(results) == json.dumps(sarif.document(results), indent=2, ensure_ascii=False) + "\n"
    in_memory = dataclasses.replace(results, pages=tuple(results.pages))
    assert junit.render(results) == junit.render(in_memory)
    assert markdown.render(results) == markdown.render(in_memory)
    write_baseline(results, tmp_path / "baseline.json")
    assert json.loads((tmp_path / "baseline.json").read_text()) == baseline_document(results)


def test_a_baseline_splits_stored_pages_as_they_are_read(tmp_path):
    pages = _pages(3)
    path, entries = _store(tmp_path, pages)
    results = dataclasses.replace(run(pages), pages=StoredPages(path, entries))
    old = baseline_document(dataclasses.replace(run(pages[:2]), pages=tuple(pages[:2])))
    judged = apply_baseline(results, old, "b.json")
    assert isinstance(judged.pages, MappedPages)
    assert [len(p.known) for p in judged.pages] == [3, 3, 0]
    assert [len(p.findings) for p in judged.pages] == [0, 0, 3]
    assert judged.summary()["new"] == 3 and judged.summary()["known"] == 6


def _peaks(tmp_path) -> tuple[int, int]:
    _peak_writing(tmp_path, 2)  # first use compiles templates and imports modules
    return _peak_writing(tmp_path, 5), _peak_writing(tmp_path, 50)


def _peak_writing(tmp_path, count: int) -> int:
    pages = _pages(count, per_page=30)
    path, entries = _store(tmp_path / str(count), pages)
    del pages
    results = dataclasses.replace(run([]), pages=StoredPages(path, entries))
    tracemalloc.start()
    try:
        write_all(results, tmp_path / str(count) / "report", junit=str(tmp_path / "j.xml"),
                  sarif=str(tmp_path / "s.sarif"), markdown=str(tmp_path / "m.md"))
        write_baseline(results, tmp_path / "b.json")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_writing_every_report_does_not_grow_with_the_page_count(tmp_path):
    """Ten times the pages may cost a little per page (the index lists every page) but no findings."""
    # Measured in a fresh interpreter: tracemalloc counts every thread's allocations, and threads
    # other tests leave behind (lookup pools, loopback servers) made this flaky in the full suite.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        small, big = pool.apply(_peaks, (tmp_path,))
    # 45 more pages of 30 findings: holding their findings, or any whole document, adds about 5 MB.
    assert big - small < 2**20, (small, big)
