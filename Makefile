# Axilla: `make demo` runs a whole study on the synthetic demo cohort; `make test` runs the suite.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test bench setup clean

$(BIN)/axilla: pyproject.toml setup.py $(wildcard src/axilla/features/csrc/*)
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip
	$(BIN)/pip install -q -e '.[test,deep]'
	touch $(BIN)/axilla

setup: $(BIN)/axilla

demo: setup
	$(BIN)/axilla demo -o demo_output

test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

bench: setup
	bash benchmarks/run.sh

clean:
	rm -rf $(VENV) demo_output .bench-venv
