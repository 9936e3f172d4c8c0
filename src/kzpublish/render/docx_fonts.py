"""PT Serif and PT Sans inside a DOCX, as Word embeds fonts (ECMA-376 part 1, 17.8.1): each face
cut down to the characters of the document, stored as `word/fonts/*.odttf` with its first 32
bytes obfuscated by its font key (a GUID, named beside it in `word/fontTable.xml`), and
`w:embedTrueTypeFonts`/`w:saveSubsetFonts` in the settings. Word and LibreOffice then draw the
document in its own fonts where they are not installed. python-docx, the usual library for DOCX,
does not embed fonts, and pandoc does not either: this is done here, in a few lines.

The keys are derived from the family and face, so the same document gives the same bytes."""

from __future__ import annotations

import html
import re
import uuid
from pathlib import Path

from kzpublish.fonts import FontFace, font_faces, subset_font

FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
KEY_NAMESPACE = uuid.UUID("6f0b6a4e-2f55-5b5c-9d43-6b7a70756273")
SLOTS = {(400, "normal"): "Regular", (700, "normal"): "Bold", (400, "italic"): "Italic", (700, "italic"): "BoldItalic"}
"""Word's four faces of a family, by weight and style: `w:embedRegular`… in this order."""
GENERIC = {"PT Serif": "roman", "PT Sans": "swiss"}


def embed_fonts(parts: dict[str, bytes], cache: Path | None = None) -> None:
    """Add the faces of the editions' fonts to the DOCX `parts` (name → bytes), each cut down to
    the characters of the document's text, headers, footers and notes."""
    text = _text(parts)
    fonts, rels = [], []
    for family in dict.fromkeys(face.family for face in font_faces()):
        embeds = []
        for face in sorted((f for f in font_faces() if f.family == family and (f.weight, f.style) in SLOTS),
                           key=lambda f: list(SLOTS).index((f.weight, f.style))):
            slot = SLOTS[face.weight, face.style]
            key = font_key(face)
            name = f"{family.replace(' ', '')}-{slot}.odttf"
            rid = f"rIdKzFont{len(rels) + 1}"
            parts[f"word/fonts/{name}"] = obfuscate(subset_font(face, text, cache), key)
            rels.append(f'<Relationship Id="{rid}" Type="{FONT_RELATIONSHIP}" Target="fonts/{name}" />')
            embeds.append(f'<w:embed{slot} r:id="{rid}" w:fontKey="{{{str(key).upper()}}}" />')
        fonts.append(_font_entry(family, "".join(embeds)))
    table = parts["word/fontTable.xml"].decode("utf-8")
    for family in dict.fromkeys(face.family for face in font_faces()):  # pandoc's entry, if any, gives way
        table = re.sub(rf'<w:font w:name="{re.escape(family)}">.*?</w:font>', "", table, flags=re.S)
    parts["word/fontTable.xml"] = table.replace("</w:fonts>", "".join(fonts) + "</w:fonts>").encode("utf-8")
    parts["word/_rels/fontTable.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>").encode("utf-8")
    settings = parts["word/settings.xml"].decode("utf-8")
    if "<w:embedTrueTypeFonts" not in settings:
        settings = re.sub(r"(<w:embedSystemFonts ?/>)", r"<w:embedTrueTypeFonts />\1<w:saveSubsetFonts />", settings, count=1) \
            if "<w:embedSystemFonts" in settings else \
            re.sub(r"(<w:zoom [^>]*/>)", r"\1<w:embedTrueTypeFonts /><w:saveSubsetFonts />", settings, count=1)
    parts["word/settings.xml"] = settings.encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    if 'Extension="odttf"' not in types:
        types = types.replace("</Types>", f'<Default Extension="odttf" ContentType="{OBFUSCATED_FONT}" /></Types>')
    parts["[Content_Types].xml"] = types.encode("utf-8")


def font_key(face: FontFace) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, f"{face.family}/{face.weight}/{face.style}")


def obfuscate(font: bytes, key: uuid.UUID) -> bytes:
    """The font with its first 32 bytes XORed with the key's 16 bytes, in reverse order of the
    GUID's hex digits (the same operation undoes it)."""
    mask = bytes.fromhex(key.hex)[::-1]
    return bytes(b ^ mask[i % 16] for i, b in enumerate(font[:32])) + font[32:]


def _font_entry(family: str, embeds: str) -> str:
    return (f'<w:font w:name="{family}"><w:charset w:val="CC" /><w:family w:val="{GENERIC.get(family, "auto")}" />'
            f'<w:pitch w:val="variable" />{embeds}</w:font>')


def _text(parts: dict[str, bytes]) -> str:
    """Every character that Word may draw: the text runs of the document and its headers,
    footers and notes."""
    chars: set[str] = set()
    for name, data in parts.items():
        if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", name):
            for run in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", data.decode("utf-8")):
                chars.update(html.unescape(run))
    return "".join(sorted(chars))
