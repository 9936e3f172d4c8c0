"""Which block of the other translation each block pairs with, for the links between them that
the EPUB and the web edition give every block."""

from __future__ import annotations

from kzpublish.align import Pair
from kzpublish.render.fragments import Part


def counterparts(parts: tuple[Part, ...], pairs: tuple[Pair, ...]) -> dict[str, tuple[str, str]]:
    """Unit id → (language, unit id) of the first block of its counterpart in the other translation."""
    left, right = parts
    out = {}
    for pair in pairs:
        if not pair.left or not pair.right:
            continue
        for a, b, indices in ((left, right, pair.left), (right, left, pair.right)):
            target = b.units[(pair.right if b is right else pair.left)[0]]
            for i in indices:
                out[a.units[i].ident] = (b.lang, target.ident)
    return out
