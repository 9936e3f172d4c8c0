"""kzpublish: bilingual Russian/Kazakh civic documents from Markdown in git to PDF and EPUB."""

__version__ = "0.1.0"
