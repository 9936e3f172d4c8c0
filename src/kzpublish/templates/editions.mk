# The targets that make editions and check the sources, shared by kzpublish's own Makefile (which
# includes this file) and the Makefile `kzpublish init` writes (which holds a copy). $(SETUP) is
# what they need first (an installed kzpublish), $(KZ) the kzpublish they run.
all: pdf epub

pdf: $(SETUP)
	$(KZ) build --pdf

epub: $(SETUP)
	$(KZ) build --epub

docx: $(SETUP)
	$(KZ) build --docx

html: $(SETUP)
	$(KZ) build --html

# Build, then build again whatever changes, as it is saved (Ctrl-C stops).
watch: $(SETUP)
	$(KZ) build --watch

# Preview in a browser at http://127.0.0.1:8000/: web editions and PDFs, rebuilt on save.
serve: $(SETUP)
	$(KZ) serve

# Front matter, characters the fonts lack, look-alike letters.
check: $(SETUP)
	$(KZ) check

# Fails while one translation has changed and the other has not.
drift: $(SETUP)
	$(KZ) drift --strict

# Wording-change reports of every document into dist/diff/: from its latest tag (or first commit)
# to the working tree, or `make diff FROM=v1.0 TO=v1.1`.
diff: $(SETUP)
	$(KZ) diff $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO))
