"""What a page and its stylesheet ask of a layout, read from their text without WeasyPrint: CSS
is looked at in any case, without comments and escapes (`\\66 loat`), and `@import` could hide
anything, so it counts as asking for everything."""

from __future__ import annotations

import re

NEEDS_ALL_PSEUDO = re.compile(r"float\s*:\s*footnote|position\s*:\s*note|list-item|::?\s*(?:footnote|note)-"
                              r"|@import", re.IGNORECASE)
"""CSS that needs the rules WeasyPrint's HTML stylesheet has for a pseudo-element of every element
(`render.pdf.UNIVERSAL_PSEUDO`)."""
CROSSES_TRANSLATIONS = re.compile(
    r"counters?\(\s*pages\b|target-(?:counter|text)|@page[^{]*:(?:first|left|right|recto|verso|blank|nth)"
    r"|break-(?:before|after)\s*:\s*(?:left|right|recto|verso)|counter-(?:increment|reset|set)\s*:(?!\s*none\b)"
    r"|string-set\s*:(?!\s*running-head\b[^;,}]*(?:[;}]|$))|running\(|element\(|\bpage\s*:|@import"
    r"|float\s*:\s*footnote|position\s*:\s*(?:note|fixed)|break-before\s*:\s*(?:auto|avoid|column)"
    r"|box-decoration-break\s*:\s*clone|string\([^)]*,\s*start\b|(?:margin|padding|border)[\w-]*\s*:[^;}]*!\s*important"
    r"|[+~]\s*(?:section|\.translation)\b|(?:section|\.translation)[\w.#\[\]=\"'-]*:(?:first|last|nth|only)-",
    re.IGNORECASE)
"""CSS whose effect carries from one translation of a sequential page to the next, or depends on
where a translation starts: the page count, a target's page, the first, left or right page,
counters (the footnotes' too), running strings and elements other than the running head (or it
as the page starts: the last translation's, where the draft mark comes first), named pages,
fixed elements (drawn on every page after theirs) other than the draft mark, boxes whose edges
are drawn again after a break or edges insisted on (`render.page` cuts <body>'s off, in its
style attribute, which an `!important` rule overrides); or that keeps a translation from
starting a page, or styles it by the sections before or after it (none, apart). A page is laid
out a translation at a time (`render.translations`) only without any, and only with
`TRANSLATIONS_APART`."""
TRANSLATIONS_APART = re.compile(r"section\.translation\s*\+\s*section\.translation\s*\{\s*break-before\s*:\s*page\s*;?\s*\}",
                                re.IGNORECASE)
"""kzpublish's rule that starts each translation of a sequential page on a page of its own."""
PAGE_BREAK_ONLY = re.compile(r"[^{};]*\{\s*(?:page-)?break-before\s*:\s*(?:page|always)\s*;?\s*\}", re.IGNORECASE)
"""A rule that only starts a page: the same apart (a page's first box starts one anyway), whatever
its selector."""
DRAFT_MARK = re.compile(r"(?:^|(?<=[};]))\s*\.draft-mark\s*\{[^}]*\}", re.IGNORECASE)
"""The rule of the draft mark alone: it stands in each translation's page (`render.page`)."""
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.DOTALL)


def lean(page: str, style: str) -> bool:
    """Whether a page laid out with the stylesheet `style` may do without the rules of
    `UNIVERSAL_PSEUDO`. The page is looked at too, though sources are sanitised of styles."""
    return not any(NEEDS_ALL_PSEUDO.search(plain_css(text)) for text in (page, style))


PAGE_NUMBER = re.compile(r"counters?\(\s*page\b", re.IGNORECASE)
"""The page number: in the margin boxes of `@page` rules it is made last, once a translation
laid out apart knows where it starts; anywhere else, it would be the number it was laid out with."""
PAGE_RULE = re.compile(r"@page\b[^{;]*\{", re.IGNORECASE)


def crosses_translations(style: str) -> bool:
    """Whether `style` has any of `CROSSES_TRANSLATIONS` (in a rule that does more than start a
    page, or not the draft mark's), or the page number outside `@page`."""
    css = DRAFT_MARK.sub("", PAGE_BREAK_ONLY.sub("", plain_css(style)))
    return bool(CROSSES_TRANSLATIONS.search(css) or PAGE_NUMBER.search(_without_page_rules(css)))


def starts_translations_apart(style: str) -> bool:
    """Whether `style` starts each translation on a page of its own (`TRANSLATIONS_APART`)."""
    return bool(TRANSLATIONS_APART.search(plain_css(style)))


def _without_page_rules(css: str) -> str:
    """`css` without its `@page` rules, nested blocks and all."""
    out, at = [], 0
    while rule := PAGE_RULE.search(css, at):
        out.append(css[at:rule.start()])
        depth, at = 1, rule.end()
        while depth and at < len(css):
            depth += {"{": 1, "}": -1}.get(css[at], 0)
            at += 1
    return "".join(out) + css[at:]


def plain_css(css: str) -> str:
    """CSS without its comments and escapes."""
    return CSS_ESCAPE.sub(lambda m: chr(min(int(m[1], 16), 0x10FFFF) or 0xFFFD) if m[1] else m[2],
                          CSS_COMMENT.sub("", css))
