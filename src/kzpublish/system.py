"""The system libraries kzpublish needs beyond PyPI, checked before anything is laid out, with
what to install on each platform (apt, dnf, brew) — never a traceback from deep inside WeasyPrint.

PDFs need Pango (with PangoFT2), HarfBuzz-Subset and fontconfig, which WeasyPrint loads through
ctypes; PyPI cannot give them. They are looked for as the dynamic linker finds them, under the
names WeasyPrint itself tries, so the answer is WeasyPrint's own: no `ldconfig` needed on PATH.
"""

from __future__ import annotations

import ctypes
import shutil
import sys
from dataclasses import dataclass
from functools import cache

from kzpublish.errors import KzError
from kzpublish.messages import _


@dataclass(frozen=True)
class Library:
    name: str
    files: tuple[str, ...]
    """The file names WeasyPrint loads it by (Linux, macOS, Windows)."""


PDF_LIBRARIES = (
    Library("Pango", ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll")),
    Library("PangoFT2", ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll")),
    Library("HarfBuzz-Subset", ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")),
    Library("fontconfig", ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")),
)

INSTALL = {
    "apt-get": "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1",
    "dnf": "sudo dnf install pango harfbuzz fontconfig",
    "brew": "brew install pango",
}
"""How to install them, per package manager; the one found on this machine is named first."""


class SystemLibraryError(KzError):
    """A library kzpublish needs is not installed on this machine."""


def missing() -> list[str]:
    return [lib.name for lib in PDF_LIBRARIES if not _loads(lib.files)]


@cache
def _loads(files: tuple[str, ...]) -> bool:
    for name in files:
        try:
            ctypes.CDLL(name)
            return True
        except OSError:
            continue
    return False


def install_hint() -> str:
    """The install command for this machine's package manager, else every one we know."""
    found = [tool for tool in INSTALL if shutil.which(tool)]
    if found:
        return _("install them: `{command}`").format(command=INSTALL[found[0]])
    if sys.platform == "win32":
        return _("install GTK3 for Windows (MSYS2: `pacman -S mingw-w64-ucrt-x86_64-pango`), as WeasyPrint's documentation says")
    return _("install them: `{command}`").format(command="`; `".join(INSTALL.values()))


def require_pdf_libraries() -> None:
    """Raise `SystemLibraryError` naming what is missing and how to install it."""
    lacking = missing()
    if lacking:
        raise SystemLibraryError(_("PDFs need {libraries}, not installed on this machine (PyPI cannot give them)")
                                 .format(libraries=", ".join(lacking)), hint=install_hint())
