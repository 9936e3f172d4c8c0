"""Amending texts: drafted from real git revisions (scripted, and real amended articles of the
Constitution of Kazakhstan), in the conventional Russian and Kazakh forms, and applied back with
`kzpublish amend --apply`: every amendment must give the newer version word for word."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pypdf
import pytest

from conftest import run_cli
from gitrepo import ScriptedRepo
from kzpublish.amend import apply, draft, same_words
from kzpublish.amend_doc import AmendmentHeader, to_markdown
from kzpublish.amendments import apply_text
from kzpublish.blocks import Block
from kzpublish.history.parsed import read_blocks
from kzpublish.sources import SourceFile
from kzpublish.structure import Unit, kk_address, ru_address, units_of

HERE = Path(__file__).parent / "amend"
RU, KK = "sources/law/ru.md", "sources/law/kk.md"

LAW_RU = """---
title: Закон о языках
---

## Статья 1. Основные понятия

1. Государственным языком является казахский язык.

2. Язык межнационального общения имеет равный статус.

3. Граждане вправе пользоваться родным языком.

## Статья 2. Обязанности

Государство заботится о развитии языков.

Органы власти обеспечивают применение языков.

Каждый гражданин вправе получать ответы на родном языке.

## Статья 3. Заключительные положения

1. Настоящий закон вводится в действие со дня опубликования.
"""

LAW_KK = """---
title: Тіл туралы заң
---

## 1-бап. Негізгі ұғымдар

1. Мемлекеттік тіл – қазақ тілі.

2. Ұлтаралық қатынас тілінің мәртебесі тең.

3. Азаматтар ана тілін пайдалануға құқылы.

## 2-бап. Міндеттер

Мемлекет тілдерді дамытуға қамқорлық жасайды.

Билік органдары тілдердің қолданылуын қамтамасыз етеді.

Әрбір азамат ана тілінде жауап алуға құқылы.

## 3-бап. Қорытынды ережелер

1. Осы заң жарияланған күнінен бастап қолданысқа енгізіледі.
"""

# Each revision: (message, [(file, old, new), …]); applied in order on top of the law above.
REVISIONS = [
    ("replace words", [(RU, "имеет равный статус", "имеет равный правовой статус"),
                       (KK, "мәртебесі тең", "құқықтық мәртебесі тең")]),
    ("delete words", [(RU, "о развитии языков", "о развитии"),
                      (KK, "тілдерді дамытуға", "дамытуға")]),
    ("add a sentence", [(RU, "родным языком.", "родным языком. Это право гарантируется."),
                        (KK, "пайдалануға құқылы.", "пайдалануға құқылы. Бұл құқыққа кепілдік беріледі.")]),
    ("delete a point", [(RU, "2. Язык межнационального общения имеет равный правовой статус.\n\n", ""),
                        (KK, "2. Ұлтаралық қатынас тілінің құқықтық мәртебесі тең.\n\n", "")]),
    ("add a point", [(RU, "3. Граждане", "3-1\\. Никто не может быть ограничен в правах по признаку языка.\n\n3. Граждане"),
                     (KK, "3. Азаматтар", "3-1\\. Ешкімді тіліне қарай құқықтарынан шектеуге болмайды.\n\n3. Азаматтар")]),
    ("new wording of a part", [(RU, "Органы власти обеспечивают применение языков.",
                                "Местные исполнительные органы создают условия для изучения государственного языка всеми гражданами."),
                               (KK, "Билік органдары тілдердің қолданылуын қамтамасыз етеді.",
                                "Жергілікті атқарушы органдар барлық азаматтардың мемлекеттік тілді үйренуіне жағдай жасайды.")]),
    ("add an article", [(RU, "## Статья 3.", "## Статья 2-1. Язык документов\n\nДокументы составляются на государственном языке.\n\n## Статья 3."),
                        (KK, "## 3-бап.", "## 2-1-бап. Құжаттардың тілі\n\nҚұжаттар мемлекеттік тілде жасалады.\n\n## 3-бап.")]),
    ("add a part", [(RU, "на родном языке.", "на родном языке.\n\nОтвет дается в срок, установленный законом."),
                    (KK, "жауап алуға құқылы.", "жауап алуға құқылы.\n\nЖауап заңда белгіленген мерзімде беріледі.")]),
    ("delete an article", [(RU, "## Статья 2-1. Язык документов\n\nДокументы составляются на государственном языке.\n\n", ""),
                           (KK, "## 2-1-бап. Құжаттардың тілі\n\nҚұжаттар мемлекеттік тілде жасалады.\n\n", "")]),
    ("insert words", [(RU, "вводится в действие со дня", "вводится в действие по истечении десяти календарных дней со дня"),
                      (KK, "жарияланған күнінен", "алғашқы ресми жарияланған күнінен")]),
    ("add subpoints", [(RU, "дней со дня опубликования.\n", "дней со дня опубликования.\n\n2. Признаются утратившими силу:\n\n"
                        "1) закон о языке 1989 года;\n\n2) указ о порядке применения языков.\n"),
                       (KK, "күнінен бастап қолданысқа енгізіледі.\n", "күнінен бастап қолданысқа енгізіледі.\n\n"
                        "2. Мыналардың күші жойылды деп танылсын:\n\n1) 1989 жылғы тіл туралы заң;\n\n"
                        "2) тілдерді қолдану тәртібі туралы жарлық.\n")]),
    ("change a subpoint", [(RU, "указ о порядке", "постановление о порядке"),
                           (KK, "туралы жарлық", "туралы қаулы")]),
]


@pytest.fixture(scope="module")
def law(tmp_path_factory):
    repo = ScriptedRepo(tmp_path_factory.mktemp("amend") / "project")
    commits = [repo.commit("Закон", {RU: LAW_RU, KK: LAW_KK}, tag="v0")]
    for message, edits in REVISIONS:
        for path, old, new in edits:
            repo.edit(path, old, new)
        commits.append(repo.commit(message))
    return repo, commits


def amend(repo, old: str, new: str) -> dict[str, str]:
    run = run_cli("-C", str(repo.root), "amend", "law", "--from", old, "--to", new)
    assert run.code == 0 and "warning" not in run.err, run.err
    paths = run.out.split()
    return {p.rsplit(".", 2)[-2]: (repo.root / p).read_text("utf-8") for p in paths if p.endswith(".md")}


def blocks_at(repo, commit: str, path: str):
    text = repo.git("show", f"{commit}:{path}")
    return read_blocks(SourceFile(path, path[-5:-3], text))


def applied(repo, text: str, lang: str, tmp: Path):
    file = tmp / f"amendment.{lang}.md"
    file.write_text(text, "utf-8")
    out = tmp / f"result.{lang}.md"
    run = run_cli("-C", str(repo.root), "amend", "--apply", str(file), "-o", str(out))
    assert run.code == 0, run.err
    return read_blocks(SourceFile(f"sources/law/{lang}.md", lang, out.read_text("utf-8")))


@pytest.mark.parametrize("step", range(1, len(REVISIONS) + 1), ids=[m for m, _ in REVISIONS])
def test_every_revision_round_trips(law, step, tmp_path):
    repo, commits = law
    texts = amend(repo, commits[step - 1], commits[step])
    assert set(texts) == {"ru", "kk"}
    for lang, path in (("ru", RU), ("kk", KK)):
        got = applied(repo, texts[lang], lang, tmp_path)
        want = blocks_at(repo, commits[step], path)
        assert same_words(got, want), (texts[lang], got, want)


EXPECTED = {
    "replace words": ("в пункте 2 статьи 1 после слова «равный» дополнить словом «правовой»",
                      "1-баптың 2-тармағындағы «тілінің» деген сөзден кейін «құқықтық» деген сөзбен толықтырылсын"),
    "delete words": ("в части первой статьи 2 слово «языков» исключить",
                     "2-баптың бірінші бөлігіндегі «тілдерді» деген сөз алып тасталсын"),
    "add a sentence": ("пункт 3 статьи 1 дополнить предложением следующего содержания: «Это право гарантируется.»",
                       "1-баптың 3-тармағы мынадай мазмұндағы сөйлеммен толықтырылсын: «Бұл құқыққа кепілдік беріледі.»"),
    "delete a point": ("пункт 2 статьи 1 исключить", "1-баптың 2-тармағы алып тасталсын"),
    "add a point": ("статью 1 после пункта 1 дополнить пунктом 3-1 следующего содержания:",
                    "1-бап 1-тармақтан кейін мынадай мазмұндағы 3-1-тармақпен толықтырылсын:"),
    "new wording of a part": ("часть вторую статьи 2 изложить в следующей редакции:",
                              "2-баптың екінші бөлігі мынадай редакцияда жазылсын:"),
    "add an article": ("дополнить статьёй 2-1 следующего содержания:",
                       "мынадай мазмұндағы 2-1-баппен толықтырылсын:"),
    "add a part": ("статью 2 после части третьей дополнить частью следующего содержания:",
                   "2-бап үшінші бөліктен кейін мынадай мазмұндағы бөлікпен толықтырылсын:"),
    "delete an article": ("статью 2-1 исключить", "2-1-бап алып тасталсын"),
    "change a subpoint": ("в подпункте 2) пункта 2 статьи 3 слово «указ» заменить словом «постановление»",
                          "3-баптың 2-тармағының 2) тармақшасындағы «жарлық» деген сөз «қаулы» деген сөзбен ауыстырылсын"),
}


@pytest.mark.parametrize("message", list(EXPECTED))
def test_the_conventional_forms(law, message):
    repo, commits = law
    step = [m for m, _ in REVISIONS].index(message) + 1
    texts = amend(repo, commits[step - 1], commits[step])
    ru, kk = EXPECTED[message]
    assert ru in texts["ru"], texts["ru"]
    assert kk in texts["kk"], texts["kk"]


def test_the_whole_history_at_once(law, tmp_path):
    """From the first version to the last: one amending text, all forms together."""
    repo, commits = law
    texts = amend(repo, commits[0], commits[-1])
    for lang, path in (("ru", RU), ("kk", KK)):
        assert same_words(applied(repo, texts[lang], lang, tmp_path), blocks_at(repo, commits[-1], path))


def test_real_amended_articles_of_the_constitution(tmp_path):
    """Articles 1–3 of the Constitution of Kazakhstan as worded in 2019 and after the amendment
    of 17 September 2022 (the capital renamed back to Astana)."""
    repo = ScriptedRepo(tmp_path / "const")
    files = {f"sources/const/{lang}.md": (HERE / f"constitution-2019.{lang}.md").read_text("utf-8") for lang in ("ru", "kk")}
    old = repo.commit("2019", files, tag="v2019")
    repo.commit("2022", {f"sources/const/{lang}.md": (HERE / f"constitution-2022.{lang}.md").read_text("utf-8")
                         for lang in ("ru", "kk")}, tag="v2022")
    run = run_cli("-C", str(repo.root), "amend", "const", "--from", "v2019", "--to", "v2022")
    assert run.code == 0 and not run.err, run.err
    md = {p.rsplit(".", 2)[-2]: repo.root / p for p in run.out.split() if p.endswith(".md")}
    ru, kk = md["ru"].read_text("utf-8"), md["kk"].read_text("utf-8")
    assert ("1\\) в пункте 3 статьи 2:\n\nслова «местонахождение и» исключить;\n\n"
            "слово «Нур-Султан» заменить словом «Астана»;\n\n"
            "2\\) в пункте 3-1 статьи 2 слово «Нур-Султана» заменить словом «Астаны».") in ru
    assert ("1\\) 2-баптың 3-тармағында:\n\n«құрылысы,» деген сөзден кейін «оның» деген сөзбен толықтырылсын;\n\n"
            "«орналасқан жері мен» деген сөздер алып тасталсын;") in kk
    assert "2\\) 2-баптың 3-1-тармағындағы «Нұр-Сұлтан» деген сөз «Астана» деген сөзбен ауыстырылсын." in kk
    for lang in ("ru", "kk"):
        got = applied(repo, md[lang].read_text("utf-8"), lang, tmp_path)
        assert same_words(got, blocks_at(repo, "v2022", f"sources/const/{lang}.md"))
        assert not same_words(got, blocks_at(repo, old, f"sources/const/{lang}.md"))
    html = next(repo.root / p for p in run.out.split() if p.endswith(".html")).read_text("utf-8")
    assert 'lang="kk"' in html and "деген сөзбен ауыстырылсын" in html
    with zipfile.ZipFile(md["ru"].with_suffix(".docx")) as z:
        assert "заменить словом" in z.read("word/document.xml").decode("utf-8")
    pdf = pypdf.PdfReader(next(repo.root / p for p in run.out.split() if p.endswith(".pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "2) в пункте 3-1 статьи 2 слово «Нур-Султана» заменить словом «Астаны»." in text
    assert "деген сөзбен ауыстырылсын" in text
    fonts = {f.get_object()["/BaseFont"].split("+")[-1] for page in pdf.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts <= {"PT-Serif", "PT-Sans-Bold"}


def test_too_large_a_change_is_a_new_wording():
    old = [Block("heading", "Статья 4", level=2), Block("paragraph", "Все равны перед законом и судом.")]
    new = [Block("heading", "Статья 4", level=2), Block("paragraph", "Никто не может подвергаться дискриминации.")]
    (ins,) = draft(old, new)
    assert ins.action == "wording" and ins.blocks == ("Никто не может подвергаться дискриминации.",)
    assert same_words([e.block for e in apply(old, [ins])], new)


def test_a_repeated_word_is_quoted_with_what_makes_it_unique():
    old = [Block("paragraph", "Закон принимает Парламент, и закон подписывает Президент.")]
    new = [Block("paragraph", "Закон принимает Парламент, и закон подписывает Глава государства.")]
    header = AmendmentHeader("x", "ru", "Т", "a", "b")
    md = to_markdown(header, draft(old, new))
    assert "в абзаце первом слово «Президент» заменить словами «Глава государства»" in md
    old = [Block("paragraph", "Закон принимает Парламент, закон подписывает Президент.")]
    new = [Block("paragraph", "Закон принимает Парламент, новый закон подписывает Президент.")]
    md = to_markdown(header, draft(old, new))
    assert "после слова «Парламент,» дополнить словом «новый»" in md
    assert same_words([e.block for e in apply_text(md, "x.md", tuple(old))], new)


def test_addresses_of_structural_units():
    blocks = [Block("heading", "Статья 7"), Block("paragraph", "Первая часть."),
              Block("paragraph", "Вторая часть."), Block("heading", "12-бап"),
              Block("paragraph", "3-1. Тармақ."), Block("paragraph", "2) Тармақша.")]
    units = units_of(blocks)
    assert [u.kind for u in units] == ["article", "part", "part", "article", "point", "subpoint"]
    assert ru_address(units[2], "prep") == "части второй статьи 7"
    assert ru_address(units[2], "acc") == "часть вторую статьи 7"
    assert ru_address(units[5], "prep") == "подпункте 2) пункта 3-1 статьи 12"
    assert kk_address(units[4], "loc") == "12-баптың 3-1-тармағындағы"
    assert kk_address(units[5], "nom") == "12-баптың 3-1-тармағының 2) тармақшасы"
    assert kk_address(units[2], "nom") == "7-баптың екінші бөлігі"
    assert units[4] == Unit("point", "3-1", "12", labelled=True)


def test_apply_refuses_an_amendment_that_does_not_fit(law, tmp_path):
    repo, commits = law
    texts = amend(repo, commits[0], commits[1])
    file = tmp_path / "a.md"
    file.write_text(texts["ru"], "utf-8")
    run = run_cli("-C", str(repo.root), "amend", "--apply", str(file), "--at", commits[-1])
    assert run.code == 1 and "does not fit" in run.err and "hint:" in run.err
    file.write_text(texts["ru"].replace("дополнить словом", "дописать словом"), "utf-8")
    run = run_cli("-C", str(repo.root), "amend", "--apply", str(file))
    assert run.code == 1 and "a.md:" in run.err and "not a supported form" in run.err


WORDS = "закон право гражданин вправе обращаться в органы государства , . и не может быть лишен своих прав « » ( ) 5 10".split()


def _sentence(rng) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 15))).replace(" ,", ",").replace(" .", ".")
    return text[0].upper() + text[1:] + "."


def _law(rng) -> list[Block]:
    blocks = []
    for article in range(1, rng.randint(2, 4)):
        blocks.append(Block("heading", f"Статья {article}", level=2))
        for k in range(rng.randint(1, 4)):
            if rng.random() < 0.5:
                node = {"t": "OrderedList", "c": [[k + 1, {"t": "Decimal"}, {"t": "Period"}], []]}
                blocks.append(Block("item", _sentence(rng), nodes=(node,)))
            else:
                blocks.append(Block("paragraph", _sentence(rng)))
    return blocks


def _revised(rng, blocks: list[Block]) -> list[Block]:
    out = list(blocks)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(out))
        if out[i].kind == "heading":
            continue
        r = rng.random()
        if r < 0.5:
            words = out[i].text.split()
            words[rng.randrange(len(words))] = rng.choice(WORDS[:8])
            out[i] = Block(out[i].kind, " ".join(words), nodes=out[i].nodes)
        elif r < 0.7:
            del out[i]
        elif r < 0.85:
            out.insert(i + 1, Block("paragraph", _sentence(rng)))
        else:
            out[i] = Block(out[i].kind, out[i].text + " " + _sentence(rng), nodes=out[i].nodes)
    return out


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_random_revisions_of_a_law_round_trip(lang):
    """Random edits of random articles (points and parts; words replaced, blocks deleted, added,
    sentences added): every amending text, written and read back, gives the new version."""
    rng = random.Random(21)
    for _ in range(150):
        old = _law(rng)
        new = _revised(rng, old)
        md = to_markdown(AmendmentHeader("x", lang, "Т", "a", "b"), draft(old, new))
        assert same_words([e.block for e in apply_text(md, "x.md", tuple(old))], new), md
