# Two entry points for people and CI (see README "Quick start"):
#   make site   set up the virtual environment and build the bundled site (HTML + PDF)
#   make test   set up the test tools and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages the tests call: poppler (pdftotext, pdffonts, pdftoppm) and qpdf.
TEST_PACKAGES := poppler-utils qpdf

.PHONY: site test test-tools lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/briefing build

test-tools:
	@missing=""; for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

test: $(BIN)/.installed test-tools
	$(BIN)/ruff check briefing tests benchmarks
	$(BIN)/pytest -q -n auto

lint: $(BIN)/.installed
	$(BIN)/ruff check briefing tests benchmarks

# The performance benchmark (benchmarks/README.md): several minutes; results in benchmarks/out/.
bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .cache
