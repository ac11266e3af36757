"""The layers' import contracts ([tool.importlinter] in pyproject.toml), checked by import-linter
over the installed layout (scripts/layout.py).

    python scripts/check_imports.py
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from layout import ROOT, installed  # noqa: E402 - the scripts folder is not a package


def main() -> int:
    from importlinter.cli import lint_imports

    with installed(copy=True) as tmp:
        # The editable install's finder would map `auditor` back to the checkout, without rules/ and
        # reports/ in it; the scratch layout must be what `import auditor` finds.
        sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in getattr(f, "__module__", "")]
        sys.path.insert(0, str(tmp))
        os.chdir(tmp)  # import-linter puts the working folder first on sys.path
        for name in [m for m in sys.modules if m == "auditor" or m.startswith("auditor.")]:
            del sys.modules[name]
        return lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)


if __name__ == "__main__":
    sys.exit(main())
