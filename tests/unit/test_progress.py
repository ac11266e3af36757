"""Progress on stderr: the bar names the page being audited; counts are worded in the singular and plural."""
import io

from auditor.progress import Reporter
from tests.fixtures.report_data import finding, page, run


def test_the_bar_names_the_page_being_audited():
    reporter = Reporter(stream=io.StringIO())
    reporter.interactive = True  # as on a terminal
    reporter.start(3)
    try:
        task = reporter._bar.tasks[0]
        reporter.page_started("https://news.example/a.html")
        assert task.description == "https://news.example/a.html"
        reporter.page_started("https://news.example/" + "b" * 80 + ".html")
        assert task.description.startswith("…") and task.description.endswith("bbb.html (+1)")
        assert len(task.description) <= 60 + len(" (+1)")
        reporter.page_done(1, 3, page(1, url="https://news.example/" + "b" * 80 + ".html"))
        assert task.description == "https://news.example/a.html" and task.completed == 1
        reporter.page_done(2, 3, page(2, url="https://news.example/a.html"))
        assert task.description == ""
    finally:
        reporter._bar.stop()


def test_counts_are_singular_or_plural():
    stream = io.StringIO()
    reporter = Reporter(stream=stream)
    one = page(1, [finding()])
    reporter.page_done(1, 1, one)
    reporter.finish(run([one]), "serious")
    text = stream.getvalue()
    assert "1 failure, 0 to review" in text and "1 failures" not in text
    assert "1 page: 1 audited, 0 not audited; 1 failure, 0 to review" in text
    stream.truncate(0)
    reporter.finish(run([page(1, [finding(), finding(target=("#b",))]), page(2)]), "serious")
    assert "2 pages: 2 audited, 0 not audited; 2 failures, 0 to review" in stream.getvalue()
