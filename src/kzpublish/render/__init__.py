"""The rendering stage: one module per engine. `pandoc.py` is the only pandoc caller, `pdf.py` and
`hyphen_limits.py` the only WeasyPrint imports, `epub.py` the only ebooklib import; `html.py` assembles what they share."""
