"""`dist/`, or a folder in it, linked outside the project: nothing is written there, the build
says where the link stands; a link that stays inside the project is followed."""

from __future__ import annotations

from conftest import make_project, run_cli

DOC = "---\ntitle: Закон\n---\n\nТекст закона.\n"


def test_dist_or_a_folder_in_it_linked_outside_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_project(tmp_path / "p", {"sources/law/ru.md": DOC})
    for link in ("dist", "dist/.stamps", "dist/.stamps/fonts"):
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        (root / link).symlink_to(outside, target_is_directory=True)
        run = run_cli("-C", str(root), "build", "--epub", "--force")
        assert run.code == 1, (link, run.err)
        assert run.err.startswith(f"error: {link}: ") and "outside the project" in run.err and "Traceback" not in run.err
        assert list(outside.iterdir()) == [], link
        (root / link).unlink()


def test_a_link_inside_the_project_is_followed(tmp_path):
    root = make_project(tmp_path, {"sources/law/ru.md": DOC})
    (root / "built").mkdir()
    (root / "dist").symlink_to(root / "built", target_is_directory=True)
    run = run_cli("-C", str(root), "build", "--pdf")
    assert run.code == 0, run.err
    assert (root / "built" / "law.pdf").exists()
