"""Revisions: documents read from git history (`git.py`, the only GitPython import), compared
word by word (`diff.py`, pure), and reported (`report.py`: HTML, PDF, JSON)."""
