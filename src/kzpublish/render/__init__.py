"""The rendering stage: one module per engine. `pandoc.py` is the only pandoc caller, `pdf.py` the
only WeasyPrint import, `epub.py` the only ebooklib import; `html.py` assembles what they share."""
