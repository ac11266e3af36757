"""The service's SQLite store: audits, their results JSON, their report files and history per URL.

One file, nothing else to run. Every method opens its own short transaction, so the
event loop and worker threads can share the store.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS audits (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL,
    status TEXT NOT NULL,            -- queued | running | done | failed | interrupted
    urls TEXT NOT NULL,              -- JSON list
    options TEXT NOT NULL,           -- JSON object: standard, mobile
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    results TEXT                     -- the results contract document, JSON
);
CREATE INDEX IF NOT EXISTS audits_created ON audits(created_at);
CREATE TABLE IF NOT EXISTS pages (   -- one row per audited URL: the history per URL
    audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    created_at REAL NOT NULL,
    status TEXT NOT NULL,
    failed INTEGER NOT NULL,
    cant_tell INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_url ON pages(url, created_at);
CREATE TABLE IF NOT EXISTS files (   -- the HTML report, its assets and screenshots
    audit_id TEXT NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (audit_id, path)
);
"""
FINISHED = ("done", "failed", "interrupted")


def new_id() -> str:
    return uuid.uuid4().hex[:16]


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = sqlite3.connect(self.path, timeout=30)
            try:
                db.row_factory = sqlite3.Row
                db.execute("PRAGMA foreign_keys=ON")
                with db:
                    yield db
            finally:
                db.close()

    # ---- jobs ---------------------------------------------------------------------------

    def create(self, urls: list[str], options: dict[str, Any]) -> str:
        audit_id = new_id()
        with self._db() as db:
            db.execute("INSERT INTO audits (id, created_at, status, urls, options, total) VALUES (?, ?, 'queued', ?, ?, ?)",
                       (audit_id, time.time(), json.dumps(urls), json.dumps(options), len(urls)))
        return audit_id

    def count(self, status: str) -> int:
        with self._db() as db:
            return db.execute("SELECT COUNT(*) FROM audits WHERE status = ?", (status,)).fetchone()[0]

    def start(self, audit_id: str) -> None:
        with self._db() as db:
            db.execute("UPDATE audits SET status = 'running', started_at = ?, done = 0 WHERE id = ?",
                       (time.time(), audit_id))

    def progress(self, audit_id: str, done: int, total: int) -> None:
        with self._db() as db:
            db.execute("UPDATE audits SET done = ?, total = ? WHERE id = ?", (done, total, audit_id))

    def finish(self, audit_id: str, status: str, *, results: dict[str, Any] | None = None,
               error: str | None = None, files: dict[str, bytes] | None = None) -> None:
        """Store the outcome, the report files and the history rows in one transaction."""
        now = time.time()
        with self._db() as db:
            created = db.execute("SELECT created_at FROM audits WHERE id = ?", (audit_id,)).fetchone()[0]
            db.execute("UPDATE audits SET status = ?, finished_at = ?, error = ?, results = ? WHERE id = ?",
                       (status, now, error, json.dumps(results, ensure_ascii=False) if results else None, audit_id))
            db.execute("DELETE FROM files WHERE audit_id = ?", (audit_id,))
            db.executemany("INSERT INTO files (audit_id, path, data) VALUES (?, ?, ?)",
                           [(audit_id, path, data) for path, data in (files or {}).items()])
            db.execute("DELETE FROM pages WHERE audit_id = ?", (audit_id,))
            for page in (results or {}).get("pages", []):
                failed = sum(f.get("outcome") == "failed" for f in page.get("findings", []))
                review = sum(f.get("outcome") == "cantTell" for f in page.get("findings", []))
                db.execute("INSERT INTO pages (audit_id, url, created_at, status, failed, cant_tell) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           (audit_id, page["requested_url"], created, page["status"], failed, review))

    def recover(self) -> list[str]:
        """After a restart: running audits become interrupted; returns the queued ones, oldest first."""
        with self._db() as db:
            db.execute("UPDATE audits SET status = 'interrupted', finished_at = ?, "
                       "error = 'the service stopped while this audit was running' WHERE status = 'running'",
                       (time.time(),))
            rows = db.execute("SELECT id FROM audits WHERE status = 'queued' ORDER BY created_at").fetchall()
        return [r["id"] for r in rows]

    # ---- reading ------------------------------------------------------------------------

    def get(self, audit_id: str, *, with_results: bool = True) -> dict[str, Any] | None:
        cols = "*" if with_results else "id, created_at, started_at, finished_at, status, urls, options, done, total, error"
        with self._db() as db:
            row = db.execute(f"SELECT {cols} FROM audits WHERE id = ?", (audit_id,)).fetchone()
        return _audit(row) if row else None

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        with self._db() as db:
            rows = db.execute("SELECT a.id, a.created_at, a.started_at, a.finished_at, a.status, a.urls, a.options, "
                              "a.done, a.total, a.error, SUM(p.failed) AS failed, SUM(p.cant_tell) AS cant_tell "
                              "FROM audits a LEFT JOIN pages p ON p.audit_id = a.id "
                              "GROUP BY a.id ORDER BY a.created_at DESC LIMIT ?", (limit,)).fetchall()
        return [_audit(r) for r in rows]

    def history(self, url: str, limit: int = 20) -> list[dict[str, Any]]:
        """Audits of one URL, newest first, with each one's failure counts."""
        with self._db() as db:
            rows = db.execute("SELECT p.audit_id, p.created_at, p.status, p.failed, p.cant_tell FROM pages p "
                              "WHERE p.url = ? ORDER BY p.created_at DESC LIMIT ?", (url, limit)).fetchall()
        return [dict(r) for r in rows]

    def file(self, audit_id: str, path: str) -> bytes | None:
        with self._db() as db:
            row = db.execute("SELECT data FROM files WHERE audit_id = ? AND path = ?", (audit_id, path)).fetchone()
        return row["data"] if row else None


def _audit(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["urls"] = json.loads(d["urls"])
    d["options"] = json.loads(d["options"])
    if "results" in d:
        d["results"] = json.loads(d["results"]) if d["results"] else None
    return d
