"""Terms across languages: Kazakh forms by rule, Russian forms through pymorphy3, the glossary
(TOML and TBX), `kzpublish terms` on real bilingual text, the build's warnings, and the
precision and recall the README states, measured on the hand-checked sample in tests/terms/."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from conftest import make_project, run_cli
from kzpublish import glossary, terms
from kzpublish.document import load_documents
from kzpublish.errors import ConfigError
from kzpublish.kk_stems import is_form, stem_of
from kzpublish.project import Project

SAMPLE = Path(__file__).parent / "terms" / "sample"

# (word, stem, is it a form of the stem)
KK_FORMS = [
    ("тармағындағы", "тармақ", True),       # possessive + locative + attributive, қ → ғ
    ("тармақтарының", "тармақ", True),      # plural + possessive + genitive
    ("құқығы", "құқық", True),
    ("конституциясына", "конституция", True),  # after a vowel: -сы, then -на
    ("мемлекетке", "мемлекет", True),       # front harmony, voiceless: -ке
    ("азаматтарымыздың", "азамат", True),
    ("елордасының", "елорда", True),
    ("тілін", "тіл", True),
    ("заңмен", "заң", True),                # the instrumental keeps its е
    ("заңға", "заң", True),
    ("тілден", "тіл", True),
    ("кітабы", "кітап", True),              # п → б before a vowel
    ("құқықтық", "құқық", False),           # derivational: «правовой», another word
    ("мемлекеттік", "мемлекет", False),
    ("азаматша", "азамат", False),
    ("тілдан", "тіл", False),               # back suffix after a front stem
    ("заңды", "заң", True),                 # accusative (the adjective «заңды» is a homograph)
    ("тармақы", "тармақ", False),           # no voicing: not a form
    ("кітапы", "кітап", False),
    ("тілдер", "тіл", True),
    ("тілдар", "тіл", False),
    ("халыққа", "халық", True),
    ("халықға", "халық", False),            # after a voiceless consonant: -қа
]


@pytest.mark.parametrize("word, stem, expected", KK_FORMS)
def test_kazakh_forms(word, stem, expected):
    assert is_form(word, stem) is expected


def test_kazakh_stems_group_the_forms_of_a_word():
    assert {stem_of(w) for w in ("адам", "адамның", "адамдар", "адамдарға")} == {"адам"}
    assert {stem_of(w) for w in ("тармақ", "тармағы", "тармақтары")} == {"тармақ"}


def test_russian_and_kazakh_terms_in_any_form():
    words = terms.Words.of("Граждане вправе обращаться в государственные органы.")
    assert terms.find_ru("гражданин", words) == "Граждане"
    assert terms.find_ru("государственный орган", words) == "государственные органы"
    assert terms.find_ru("государство", words) is None
    kk = terms.Words.of("Азаматтар мемлекеттік органдарға жүгінуге құқылы.")
    assert terms.find_kk("мемлекеттік орган", kk) == "мемлекеттік органдарға"
    assert terms.find_kk("құқылы", kk) == "құқылы"
    assert terms.find_kk("мемлекет", kk) is None  # мемлекеттік is another word


def test_a_name_is_not_a_term():
    names = terms.names_in(["Елордасы – Астана қаласы."])
    assert terms.find_kk("астана", terms.Words.of("Астана қаласының шегінде.", names)) is None
    assert terms.find_kk("астана", terms.Words.of("Оның астанасының мәртебесі.", names)) == "астанасының"


def report(slug: str) -> dict:
    run = run_cli("-C", str(SAMPLE), "terms", slug, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_missing_and_forbidden_terms_with_both_locators():
    data = report("constitution-seeded")
    found = {(p["kind"], p["ru_term"], p["ru"]["unit"]) for p in data["problems"]}
    assert found == {
        ("missing", "государство", "ст. 1, п. 1"), ("missing", "Парламент", "ст. 1, п. 2"),
        ("missing", "суверенитет", "ст. 2, п. 2"), ("forbidden", "столица", "ст. 2, п. 3"),
        ("missing", "народ", "ст. 3, п. 1"), ("missing", "государственный орган", "ст. 3, п. 2"),
    }
    parliament = next(p for p in data["problems"] if p["ru_term"] == "Парламент")
    assert parliament["ru"] == {"path": "sources/constitution-seeded/ru.md", "line": 10, "column": 329,
                                "unit": "ст. 1, п. 2", "word": "Парламенте"}
    assert (parliament["kk"]["path"], parliament["kk"]["line"]) == ("sources/constitution-seeded/kk.md", 10)
    capital = next(p for p in data["problems"] if p["kind"] == "forbidden")
    assert capital["kk"]["word"] == "астанасының" and capital["kk"]["line"] == 18
    # The real text breaks no rule: «Астана», the city, is not «астана», the capital.
    assert report("constitution")["problems"] == []


def test_the_renderings_a_document_uses():
    data = report("paris-resolution-2019")
    dissent = {r["rendering"]: (r["status"], [w["ru"]["unit"] for w in r["where"]])
               for r in data["renderings"]["инакомыслие"]}
    assert dissent == {"ой еркіндігі": ("forbidden", ["абз. 3"]), "пікірқайшылық": ("approved", ["абз. 8"])}
    power = data["renderings"]["власть"]
    assert [(r["rendering"], r["status"], r["count"]) for r in power] == [("билік", "approved", 6)]


def test_text_output_and_strict(tmp_path):
    run = run_cli("-C", str(SAMPLE), "terms", "paris-resolution-2019")
    assert run.code == 0
    assert ("sources/paris-resolution-2019/kk.md:11:1: «Ой еркіндігі» is a forbidden variant of «пікірқайшылық» (абз. 3)"
            in run.out)
    assert "инакомыслие → ой еркіндігі (forbidden) ×1: абз. 3; пікірқайшылық (approved) ×1: абз. 8" in run.out
    assert run_cli("-C", str(SAMPLE), "terms", "--strict").code == 1
    assert run_cli("-C", str(SAMPLE), "terms", "constitution", "--strict").code == 0


def test_precision_and_recall_on_the_hand_checked_sample():
    """The figures in the README, "Terms"."""
    expected = tomllib.loads((SAMPLE / "expected.toml").read_text("utf-8"))["problem"]
    truth = {(e["slug"], e["term"], e["unit"]) for e in expected}
    project = Project.open(SAMPLE)
    found, occurrences = set(), 0
    for doc in load_documents(project.root, project.config).documents:
        r = terms.document_report(project.root, doc, glossary.load(project.root))
        found |= {(doc.slug, p.term.ru, p.ru.unit) for p in r.problems}
        occurrences += r.occurrences
    hits = found & truth
    precision, recall = len(hits) / len(found), len(hits) / len(truth)
    assert (len(found), len(truth), len(hits), occurrences) == (7, 8, 7, 65)
    assert (round(precision, 2), round(recall, 2)) == (1.0, 0.88)


def test_glossary_in_toml_and_tbx(tmp_path):
    g = glossary.load(SAMPLE)
    assert g.path == "terms.toml" and len(g.terms) == 15
    capital = next(t for t in g.terms if t.ru == "столица")
    assert capital.kk == "елорда" and capital.forbidden_kk == ("астана",) and capital.line == 16
    run = run_cli("-C", str(SAMPLE), "terms", "--export-tbx", str(tmp_path / "terms.tbx"))
    assert run.code == 0, run.err
    data = (tmp_path / "terms.tbx").read_bytes()
    assert b'<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="ru">' in data
    assert "deprecatedTerm-admn-sts" in data.decode("utf-8")
    again = glossary.from_tbx(data, "terms.tbx")
    assert [(t.ru, t.kk, t.forbidden_ru, t.forbidden_kk, t.note) for t in again.terms] == \
        [(t.ru, t.kk, t.forbidden_ru, t.forbidden_kk, t.note) for t in g.terms]
    # A project with only terms.tbx reads it.
    root = make_project(tmp_path / "p", {"terms.tbx": data.decode("utf-8")})
    assert glossary.load(root).terms == again.terms


def test_a_bad_glossary_is_one_line_with_a_hint(tmp_path):
    root = make_project(tmp_path, {"terms.toml": '[[term]]\nru = "выборы"\nkk = сайлау\n'})
    run = run_cli("-C", str(root), "terms")
    assert run.code == 1 and "error: terms.toml:3:6: not valid TOML" in run.err and "hint:" in run.err
    (root / "terms.toml").write_text('[[term]]\nru = "выборы"\n\n[[term]]\nkk = "сайлау"\n', "utf-8")
    run = run_cli("-C", str(root), "terms")
    assert run.code == 1 and "error: terms.toml:4: a term without `ru`" in run.err
    (root / "terms.toml").unlink()
    run = run_cli("-C", str(root), "terms")
    assert run.code == 1 and "has no glossary" in run.err
    with pytest.raises(ConfigError):
        glossary.from_tbx(b"<tbx><text>", "terms.tbx")


def test_the_build_warns(tmp_path):
    root = make_project(tmp_path, {
        "terms.toml": '[[term]]\nru = "инакомыслие"\nkk = "пікірқайшылық"\nforbidden-kk = ["ой еркіндігі"]\n',
        "sources/r/ru.md": "---\ntitle: Р\n---\n\nИнакомыслие преследуется.\n",
        "sources/r/kk.md": "---\ntitle: Қ\n---\n\nОй еркіндігі қудаланады.\n",
    })
    run = run_cli("-C", str(root), "-q", "build", "--epub")
    assert run.code == 0, run.err
    assert "warning: sources/r/kk.md:5:1: «Ой еркіндігі» is a forbidden variant of «пікірқайшылық»" in run.err
    assert run_cli("-C", str(root), "-q", "build", "--epub", "--strict").code == 1


def test_renderings_found_in_a_text_without_a_glossary_rendering(tmp_path):
    """A glossary with Russian terms only: the Kazakh words the text uses for them, from the
    text itself (the way to start a glossary from an existing translation)."""
    root = make_project(tmp_path, {"terms.toml": '[[term]]\nru = "власть"\n\n[[term]]\nru = "гражданин"\n'})
    for lang in ("ru", "kk"):
        (root / "sources" / "paris-resolution-2019" / f"{lang}.md").parent.mkdir(parents=True, exist_ok=True)
        (root / "sources" / "paris-resolution-2019" / f"{lang}.md").write_bytes(
            (SAMPLE / "sources" / "paris-resolution-2019" / f"{lang}.md").read_bytes())
    run = run_cli("-C", str(root), "terms", "paris-resolution-2019", "--json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["problems"] == []
    assert [(r["rendering"], r["status"], r["count"]) for r in data["renderings"]["власть"]] == [("билік…", "other", 6)]
    assert [(r["rendering"], r["status"], r["count"]) for r in data["renderings"]["гражданин"]] == [("азамат…", "other", 3)]
