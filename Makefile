# Two commands do all the setup on a fresh machine:
#   make seeds   install, then check the demo corpus in seeds/ and write reports/
#   make test    install, then run the linter and the whole test suite (what CI runs)
# and one more that CI runs after the tests:
#   make quality every bench in ../shared/bench, failing below bench/baseline.json
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: seeds test quality install

install: $(VENV)/.installed

# torch first, pinned: 2.13.0 is the CPU build this machine kind keeps on disk; an
# unpinned torch would pull several GB of CUDA packages.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

seeds: install
	$(BIN)/factcheck check seeds/ --json reports/seeds.json --html reports/seeds.html --csv reports/seeds.csv --fail-on never

test: install
	PYTHON=$(BIN)/python bash scripts/install_browser.sh
	$(BIN)/ruff check factcheck tests bench
	$(BIN)/python -m pytest -q

# float32 on every CPU: the baseline was recorded in float32, and bfloat16 (auto on AMX) moves a
# borderline pair or two, which the ratchet's tolerance should not have to absorb.
quality: install
	$(BIN)/python bench/quality.py --check --precision float32
