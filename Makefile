# The two commands of the README. Each sets up everything it needs from a fresh
# machine with only Python: the virtual environment, the project, and a Chromium.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint setup bench clean

demo: setup
	$(VENV)/bin/auditor audit examples --out a11y-report --json a11y-report/results.json --fail-on none
	@echo "Report written to a11y-report/ (open a11y-report/index.html)"

# Every check: lint and import order, types, the layers' import contracts, then the tests.
test: lint
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check auditor rules reports tests bench scripts
	$(PY) scripts/typecheck.py
	$(PY) scripts/check_imports.py

setup: $(STAMP)
	@sh scripts/ensure-chromium.sh $(PY)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

bench: setup
	$(PY) bench/bench.py

clean:
	rm -rf $(VENV) a11y-report
