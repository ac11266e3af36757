"""Three layers, one direction: only the gatherer and the browser touch Playwright; rules see
artifacts; reports see results; the gatherer never imports rules or reports."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    names = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in (tree.body if top_level_only else ast.walk(tree)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def modules(folder: str):
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules("rules") + modules("reports"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_rules_and_reports_do_not_reach_the_browser(path):
    bad = {n for n in imports(path) if n.startswith(("playwright", "auditor.gather", "auditor.browser",
                                                      "auditor.engine", "auditor.service"))}
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("name", ["gather.py", "browser.py"])
def test_the_gatherer_does_not_import_rules_or_reports(name):
    bad = {n for n in imports(ROOT / "auditor" / name) if n.startswith(("auditor.rules", "auditor.reports"))}
    assert not bad


def test_only_the_gatherer_and_browser_import_playwright():
    users = {p.relative_to(ROOT).as_posix() for folder in ("auditor", "rules", "reports") for p in modules(folder)
             if any(n.startswith("playwright") for n in imports(p))}
    assert users <= {"auditor/gather.py", "auditor/browser.py"}, users


GATHER_LAYER = ("playwright", "auditor.gather", "auditor.browser")


@pytest.mark.parametrize("path", [ROOT / "auditor" / "cli.py", *modules("auditor/service")],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_the_shells_reach_the_browser_only_through_the_engine(path):
    bad = {n for n in imports(path) if n.startswith(GATHER_LAYER)}
    assert not bad, f"{path.name} imports {bad}"


def test_the_model_imports_nothing_of_the_project():
    """The model is the results and the page facts it carries (auditor/facts/): nothing else."""
    assert {n for n in imports(ROOT / "auditor" / "model.py") if n.startswith("auditor")} <= {"auditor.facts"}
    for path in modules("auditor/facts"):
        top_level = {n for n in imports(path, top_level_only=True) if n.startswith("auditor")}
        assert {n for n in top_level if not n.startswith("auditor.facts")} == set(), path.name


def _contract(name_start: str) -> dict:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return next(c for c in config["contracts"] if c["name"].startswith(name_start))


def _project_modules() -> set[str]:
    """auditor's own modules and subpackages, as they install (rules/ and reports/ inside auditor)."""
    found = {f"auditor.{p.stem}" for p in (ROOT / "auditor").glob("*.py") if p.stem != "__init__"}
    found |= {f"auditor.{p.parent.name}" for p in (ROOT / "auditor").glob("*/__init__.py")}
    return found | {"auditor.rules", "auditor.reports"}


def test_the_import_contracts_name_every_module_of_the_project():
    """The contracts list modules by name (import-linter has no 'all but'); a new module must join them."""
    playwright = _contract("Only the gather layer")
    assert set(playwright["source_modules"]) | {"auditor.gather", "auditor.browser"} == _project_modules()
    model = _contract("The model")
    assert set(model["forbidden_modules"]) | {"auditor.model", "auditor.facts"} == _project_modules()
