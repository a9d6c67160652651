# Single entry point. `make build` and `make test` create the virtual environment when absent.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test bench compat clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[notebook,grading,dev]'
	touch $(STAMP)

# Debian's Chromium, in which the tests render the class report, and bubblewrap, which isolates
# notebooks graded by a TA who is not root (as root, as CI runs; otherwise install the packages
# `chromium` and `bubblewrap` yourself).
CHROMIUM := /usr/bin/chromium
BWRAP := /usr/bin/bwrap
$(CHROMIUM) $(BWRAP):
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium bubblewrap

build: $(STAMP)
	$(BIN)/python -m autograder build

test: $(STAMP) $(CHROMIUM) $(BWRAP)
	$(BIN)/python -m pytest

# The oldest supported TensorFlow/Keras stack (compat/oldest.txt) in an environment of its own, and
# each solution's public checks and full marks on it. Not part of `make test`.
COMPAT_VENV ?= .venv-compat
compat: build
	rm -rf $(COMPAT_VENV)
	$(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(COMPAT_VENV)/bin/python -m pip install --quiet -r compat/oldest.txt -e '.[grading]'
	$(COMPAT_VENV)/bin/python compat/check.py

bench: $(STAMP)
	$(BIN)/python bench/bench.py --batch --repeat 10

clean:
	rm -rf dist build $(COMPAT_VENV)
