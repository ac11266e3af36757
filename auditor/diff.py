"""What changed between two runs: new, fixed and unchanged findings, matched by fingerprint."""
from __future__ import annotations

from dataclasses import dataclass

from auditor.fingerprint import page_key
from auditor.model import Finding, RunResult, target_text
from auditor.policy import with_fingerprints


@dataclass(frozen=True)
class Change:
    page: str
    finding: Finding


@dataclass(frozen=True)
class Diff:
    new: tuple[Change, ...]
    fixed: tuple[Change, ...]
    unchanged: tuple[Change, ...]
    not_compared: tuple[str, ...]  # pages audited in only one of the runs, or not audited in one

    def to_dict(self) -> dict:
        def rows(changes):
            return [{"page": c.page, **c.finding.to_dict()} for c in changes]
        return {"schema": "auditor/diff@1", "summary": {"new": len(self.new), "fixed": len(self.fixed),
                                                         "unchanged": len(self.unchanged)},
                "new": rows(self.new), "fixed": rows(self.fixed), "unchanged": rows(self.unchanged),
                "not_compared": list(self.not_compared)}


def _by_page(results: RunResult) -> dict[str, dict[str, Finding]]:
    out: dict[str, dict[str, Finding]] = {}
    for page in results.pages:
        if page.status != "audited":
            continue
        # Older results may lack fingerprints; compute them the same way in any case.
        # Baseline-known findings are still there; they count as present.
        page = with_fingerprints(page) if any(f.fingerprint is None for f in page.findings) else page
        out[page_key(page.requested_url)] = {f.fingerprint: f for f in (*page.findings, *page.known) if f.fingerprint}
    return out


def diff(old: RunResult, new: RunResult) -> Diff:
    before, after = _by_page(old), _by_page(new)
    added, fixed, same = [], [], []
    for page in sorted(set(before) & set(after)):
        b, a = before[page], after[page]
        added += [Change(page, a[k]) for k in a if k not in b]
        fixed += [Change(page, b[k]) for k in b if k not in a]
        same += [Change(page, a[k]) for k in a if k in b]
    return Diff(tuple(added), tuple(fixed), tuple(same), tuple(sorted(set(before) ^ set(after))))


def markdown(d: Diff) -> str:
    lines = ["## Accessibility changes", "",
             f"**{len(d.new)} new**, **{len(d.fixed)} fixed**, {len(d.unchanged)} unchanged.", ""]
    for title, changes in (("New", d.new), ("Fixed", d.fixed)):
        if changes:
            lines += [f"### {title}", "", "| page | rule | impact | element |", "|---|---|---|---|"]
            for c in changes[:100]:
                target = target_text(c.finding.target).replace("|", "\\|")
                lines.append(f"| {c.page} | `{c.finding.rule}` | {c.finding.impact} | `{target}` |")
            if len(changes) > 100:
                lines.append(f"| … {len(changes) - 100} more | | | |")
            lines.append("")
    if d.not_compared:
        lines += ["Pages in only one of the runs (not compared): " + ", ".join(d.not_compared[:20]), ""]
    return "\n".join(lines)
