"""The tests never read the repository's own sources/ (an editor replaces them with their own
documents): conftest.py refuses any opening or listing there, and this test shows it does."""

from __future__ import annotations

import os

import pytest

from conftest import REPOSITORY_SOURCES


def test_the_repository_sources_cannot_be_read_by_a_test():
    with pytest.raises(PermissionError, match="tests use their own projects"):
        os.listdir(REPOSITORY_SOURCES)
    with pytest.raises(PermissionError):
        open(REPOSITORY_SOURCES / "any" / "ru.md", encoding="utf-8")

