"""A built edition read back: which format and kind of edition a file is, its text as a reader
sees it, and what its colophon claims (version, commit) — for `kzpublish verify`.

The text is read the same way from the file in question and from a rebuild, so the two compare
word for word: PDF pages are read with pypdf, column by column (a parallel edition's left
column, then its right one), with running heads and page numbers left out and words hyphenated
at a line end joined again; EPUB and DOCX chapters are read from their XML, in reading order;
a web edition from its HTML (Python's own parser), without its language switch and the links
between counterparts.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

from kzpublish.errors import KzError
from kzpublish.i18n import LANGUAGES
from kzpublish.messages import _

WORD = re.compile(r"\d+|[^\W\d_]+")
_HYPHENATED = re.compile(r"(?<=[^\W\d_])[-\u2010\u00ad]\n(?=[^\W\d_])")
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "td", "th", "tr", "blockquote", "dt", "dd",
           "section", "nav", "header", "footer", "figcaption", "pre", "table"}
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
WORDML = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class EditionText:
    format: str
    """`pdf`, `epub`, `docx` or `html`."""
    kind: str
    """`reading-pdf` (PDF/A), `print-pdf` (PDF/X), `pdf` (an ordinary build), `epub`, `docx`, `web`."""
    text: str
    claimed_version: str | None
    claimed_commit: str | None
    """The first 12 characters of the commit its colophon names: a claim, to be checked."""
    stamp: dt.datetime | None = None
    """The date it carries (PDF ModDate, EPUB dcterms:modified, the DOCX's dcterms.modified; a
    web edition carries none)."""

    def words(self) -> Counter:
        return Counter(w.lower() for w in WORD.findall(self.text))


def read_edition(path: Path) -> EditionText:
    try:
        head = path.read_bytes()[:15]
    except OSError as e:
        raise KzError(_("{path}: cannot read it ({reason})").format(
            path=path, reason=e.strerror), hint=_("name a PDF, EPUB, DOCX or web edition")) from e
    if head[:4] == b"%PDF":
        fmt, (kind, text, stamp) = "pdf", _read_pdf(path)
    elif head.lower() == b"<!doctype html>":
        fmt, kind, text, stamp = "html", "web", _read_web(path.read_bytes().decode("utf-8", "replace")), None
    elif head[:4] == b"PK\x03\x04" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names and z.read("mimetype") == b"application/epub+zip":
                fmt, kind, (text, stamp) = "epub", "epub", _read_epub(z)
            elif "word/document.xml" in names:
                fmt, kind, (text, stamp) = "docx", "docx", _read_docx(z)
            else:
                raise _not_an_edition(path)
    else:
        raise _not_an_edition(path)
    version, commit = _colophon(text)
    return EditionText(fmt, kind, text, version, commit, stamp)


def _not_an_edition(path: Path) -> KzError:
    return KzError(_("{path}: not a PDF, EPUB, DOCX or web edition").format(path=path),
                   hint=_("verify reads the editions kzpublish makes"))


def _claim(field: int, value: str) -> re.Pattern:
    labels = "|".join(re.escape(lang.colophon[field]) for lang in LANGUAGES.values())
    return re.compile(rf"((?:{labels}):\s*)({value})")


VERSION_CLAIM, COMMIT_CLAIM, DATE_CLAIM = _claim(0, r"[^\s·]+"), _claim(1, "[0-9a-f]{12}"), _claim(2, r"\d{4}-\d\d-\d\d")


def _colophon(text: str) -> tuple[str | None, str | None]:
    version, commit = VERSION_CLAIM.search(text), COMMIT_CLAIM.search(text)
    return version and version.group(2), commit and commit.group(2)


def without_claims(text: str) -> str:
    """The text with the version, commit and commit date its colophon names blanked out."""
    for claim in (VERSION_CLAIM, COMMIT_CLAIM, DATE_CLAIM):
        text = claim.sub(r"\1…", text)
    return text


# --- PDF --------------------------------------------------------------------------------------

def _read_pdf(path: Path) -> tuple[str, str, dt.datetime | None]:
    import pypdf

    try:
        reader = pypdf.PdfReader(path)
        root = reader.trailer["/Root"]
        intents = [str(i.get_object().get("/S")) for i in root.get("/OutputIntents", [])]
        pages = [_page_lines(page) for page in reader.pages]
        info = reader.metadata
        stamp = info and (info.modification_date or info.creation_date)
    except (pypdf.errors.PdfReadError, KeyError, ValueError) as e:
        raise KzError(_("{path}: not a readable PDF ({error})").format(
            path=path, error=e), hint=_("verify reads the editions kzpublish "
                                                                  "makes")) from e
    kind = "print-pdf" if "/GTS_PDFX" in intents else "reading-pdf" if "/GTS_PDFA1" in intents else "pdf"
    return kind, _join_pages(pages), stamp or None


def _page_lines(page) -> list[tuple[int, float, float, str]]:
    """(column, -y, x, text) of each piece of text on a page."""
    box = page.trimbox
    middle = float(box.left) + float(box.width) / 2
    pieces = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((0 if x < middle - 2 else 1, -y, x, text))

    page.extract_text(visitor_text=visit)
    return pieces


def _join_pages(pages: list[list[tuple[int, float, float, str]]]) -> str:
    """The left column (or the only one) of every page, then the right column of every page;
    lines found on more than one page (running heads, table heads) and page numbers left out."""
    seen = Counter(text.strip() for page in pages for text in {p[3].strip() for p in page})
    columns: tuple[list[str], list[str]] = ([], [])
    for page in pages:
        for column, _top, _bottom, text in sorted(page):
            line = text.strip()
            if line.isdigit() or seen[line] > 1:
                continue
            columns[column].append(text if text.endswith("\n") else text + "\n")
    text = "".join(columns[0] + columns[1]).replace("\u00a0", " ").replace("\u202f", " ")
    return _HYPHENATED.sub("", text)


# --- EPUB and DOCX ----------------------------------------------------------------------------

def _iso_time(text: str | None) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat((text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def _read_epub(z: zipfile.ZipFile) -> tuple[str, dt.datetime | None]:
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = container.find(f".//{CONTAINER}rootfile").get("full-path")
    opf = ET.fromstring(z.read(opf_path))
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
    texts = []
    for ref in opf.iter(f"{OPF}itemref"):
        item = items[ref.get("idref")]
        if "nav" in (item.get("properties") or "").split():
            continue
        body = ET.fromstring(z.read(base + item.get("href"))).find(f"{XHTML}body")
        texts.append(_xml_text(body, XHTML))
    modified = next((m.text for m in opf.iter(f"{OPF}meta") if m.get("property") == "dcterms:modified"), None)
    return _plain("\n".join(texts)), _iso_time(modified)


def _plain(text: str) -> str:
    """The text without soft hyphens, its no-break spaces as spaces."""
    return text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")


def _xml_text(element, namespace: str) -> str:
    out: list[str] = []

    def walk(e):
        tag = e.tag.removeprefix(namespace)
        out.append(e.text or "")
        for child in e:
            walk(child)
        if tag in _BLOCKS:
            out.append("\n")
        out.append(e.tail or "")

    if element is not None:
        walk(element)
    return re.sub(r"\n\s*\n+", "\n", "".join(out))


def _read_docx(z: zipfile.ZipFile) -> tuple[str, dt.datetime | None]:
    body = ET.fromstring(z.read("word/document.xml")).find(f"{WORDML}body")
    lines = []
    for para in body.iter(f"{WORDML}p"):
        runs = []
        for node in para.iter():
            if node.tag == f"{WORDML}t":
                runs.append(node.text or "")
            elif node.tag in (f"{WORDML}tab", f"{WORDML}br"):
                runs.append(" ")
        lines.append("".join(runs))
    text = _plain("\n".join(line for line in lines if line.strip()))
    # The page's <meta name="dcterms.modified"> becomes a custom property of the DOCX.
    modified = None
    if "docProps/custom.xml" in z.namelist():
        props = ET.fromstring(z.read("docProps/custom.xml"))
        modified = next(("".join(p.itertext()) for p in props if p.get("name") == "dcterms.modified"), None)
    return text, _iso_time(modified)


# --- web edition -------------------------------------------------------------------------------

def _read_web(page: str) -> str:
    reader = _WebText()
    reader.feed(page)
    reader.close()
    return _plain(re.sub(r"\n\s*\n+", "\n", "".join(reader.out)))


class _WebText(HTMLParser):
    """The text of a web edition's body as a reader reads it: blocks on lines of their own; the
    style, the language switch and the links to each block's counterpart left out."""

    SKIPPED = {"head", "style", "script", "nav"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in self.SKIPPED or (tag == "a" and ("class", "counterpart") in attrs):
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:  # void elements (<meta>…) have no end tag: closed with their parent
            while self.skipping.pop() != tag:
                pass
        elif not self.skipping and tag in _BLOCKS:
            self.out.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br />: the line end after it is in the text

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)
