# Single entry point. `make build` and `make test` create the virtual environment when absent.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[notebook,grading,dev]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python -m autograder build

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/bench.py --batch --repeat 10

clean:
	rm -rf dist build
