# ANTQ Desk — every target bootstraps .venv itself, so a fresh clone needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
endif
PY := $(BIN)/python

.PHONY: run test demo lint bench i18n clean guide-shots

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ANTQ Desk needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/antq-desk $(ARGS)

demo: $(VENV)/.installed
	$(BIN)/antq-desk demo $(ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m bench $(ARGS)

# The user guide's screenshots, drawn by the real program on a 1024×768 virtual screen.
guide-shots: $(VENV)/.installed-test
	PYTHONPATH=. xvfb-run -a -s "-screen 0 1024x768x24" $(PY) tools/guide_screenshots.py resources/guide/img

# Re-extract the strings marked with _() and N_(), merge them into the catalogues, compile .mo.
i18n: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg --sort-by-file --project "ANTQ Desk" \
		-o resources/locale/antq.pot desktop
	$(BIN)/pybabel update -i resources/locale/antq.pot \
		-d resources/locale -D antq --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d resources/locale -D antq

# The standalone program (PyInstaller, onedir) in dist/antq-desk/; see README "Standalone build".
.PHONY: build test-build
$(VENV)/.installed-build: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet -e '.[build]'
	@touch $@ $(VENV)/.installed

build: $(VENV)/.installed-build
	$(BIN)/pyinstaller --noconfirm build.spec

# Builds the frozen program into a temporary folder and runs its self-test (tests marked slow).
test-build: $(VENV)/.installed-build $(VENV)/.installed-test
	ANTQ_TEST_BUILD=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m slow tests/frozen $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache
