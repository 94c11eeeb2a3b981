# Two commands do all set-up on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PERIOD ?=
# extra options for `make lab`, e.g. LAB_ARGS="--no-browser --ServerApp.port=8890"
LAB_ARGS ?=

.PHONY: report test lint typecheck pytest bench clean venv lab

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (warindicators)" >/dev/null
	touch $(STAMP)

venv: $(STAMP)

report: $(STAMP)
	$(BIN)/warindicators report run monthly $(if $(PERIOD),--period $(PERIOD),--period latest) --output-dir reports

# JupyterLab at notebooks/ on the project's kernel, "Python 3 (warindicators)" (the tutorials
# name it); JUPYTER_PREFER_ENV_PATH: this environment's kernelspec before any user-level one.
lab: $(STAMP)
	JUPYTER_PREFER_ENV_PATH=1 $(BIN)/jupyter lab --ServerApp.root_dir=notebooks \
		--ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -n 2 src tests

test: lint typecheck pytest

bench: $(STAMP)
	for b in benchmarks/[!_]*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) reports build .pytest_cache .mypy_cache .ruff_cache
