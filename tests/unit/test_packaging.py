"""The wheel ships every file the project reads at run time, declared the way setuptools wants
(otherwise `make demo` prints a screen of warnings, and a data folder left unlisted is dropped)."""
from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _folder(package: str) -> Path:
    """The source folder of a package under [tool.setuptools] package-dir (longest prefix wins)."""
    dirs = PYPROJECT["tool"]["setuptools"]["package-dir"]
    for prefix in sorted(dirs, key=len, reverse=True):
        if package == prefix or package.startswith(prefix + "."):
            rest = package[len(prefix):].lstrip(".")
            return ROOT / dirs[prefix] / Path(*rest.split(".")) if rest else ROOT / dirs[prefix]
    raise AssertionError(f"{package} has no folder in package-dir")


def test_license_is_an_spdx_string():
    assert PYPROJECT["project"]["license"] == "MPL-2.0"  # a {text = ...} table is deprecated (setuptools 77)


def test_every_data_file_is_in_a_listed_package_and_declared():
    setuptools = PYPROJECT["tool"]["setuptools"]
    packages = set(setuptools["packages"])
    data = setuptools["package-data"]
    folders = {_folder(p): p for p in packages}
    missing = []
    files = {path for top in map(_folder, PYPROJECT["tool"]["setuptools"]["package-dir"]) for path in top.rglob("*")}
    for path in sorted(files):
        if path.is_dir() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
            continue
        package = folders.get(path.parent)
        if package is None:
            missing.append(f"{path.relative_to(ROOT)}: its folder is not a listed package")
        elif not any(fnmatch.fnmatch(path.name, glob) for glob in data.get(package, [])):
            missing.append(f"{path.relative_to(ROOT)}: not in package-data of {package}")
    assert not missing, "\n".join(missing)
