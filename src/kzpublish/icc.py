"""The printer profile of the PDF/X print edition: an ICC *output* profile (device class
`prtr`), checked by its header before WeasyPrint embeds it as the output intent."""

from __future__ import annotations

from pathlib import Path

from kzpublish.errors import ConfigError, SourceLocation
from kzpublish.messages import _

HEADER = 128


def check_output_profile(path: Path, loc: SourceLocation) -> None:
    """An error at `loc` unless `path` is an ICC output profile (a printer's)."""
    hint = "name a printer's .icc profile (device class `prtr`, e.g. a FOGRA or GRACoL one) with print-profile"
    try:
        with open(path, "rb") as f:
            head = f.read(HEADER)
    except OSError as e:
        raise ConfigError(_("cannot read the printer profile {name}: {reason}").format(
            name=path.name, reason=e.strerror), loc, hint=hint) from e
    if len(head) < HEADER or head[36:40] != b"acsp":
        raise ConfigError(_("{name} is not an ICC profile").format(name=path.name), loc, hint=hint)
    if head[12:16] != b"prtr":
        kind = head[12:16].decode("latin-1").strip()
        raise ConfigError(_("{name} is an ICC profile of class {kind!r}, not an output (printer) "
                            "profile").format(name=path.name, kind=kind), loc,
                          hint=hint)
