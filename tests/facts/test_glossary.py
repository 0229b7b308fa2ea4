"""The glossary: checked at load, shown once per lesson where a word is first used, and as a page."""
from __future__ import annotations

import pytest

import utils
from utils.facts import glossary
from utils.core.errors import ContentError

GLOSSARY = """\
terms:
  - term: troika
    forms: [troikas]
    meaning: A panel of three <officials>.
  - term: NKVD
    meaning: The secret police.
  - term: Old Bolshevik
    forms: [Old Bolsheviks]
    meaning: A party member from before 1917.
"""


@pytest.fixture
def with_glossary(course):
    course.write("lessons/glossary.yaml", GLOSSARY)
    glossary.clear_cache()
    yield course
    glossary.clear_cache()


def test_words_are_found_whole_once_and_in_order(with_glossary):
    found = glossary.used_in("The NKVD set up troikas; a troika met. Old Bolsheviks. nkvd-like? Troikaville")
    assert [e["term"] for e in found] == ["NKVD", "troika", "Old Bolshevik"]
    assert glossary.used_in("the nkvd") == []  # an abbreviation counts only in capitals


def test_a_lesson_glosses_each_word_where_it_is_first_used(with_glossary):
    text = with_glossary.root.joinpath("lessons/01-test.yaml").read_text()
    text = text.replace("""    documents: [memoir]
""", """    documents: [memoir]
  - id: second
    text: Again the NKVD and a troika, and an Old Bolshevik.
""").replace("text: Some *text* with", "text: The NKVD and some *text* with")
    with_glossary.write("lessons/01-test.yaml", text)
    lesson = with_glossary.lesson()
    first, second = lesson.passage("intro"), lesson.passage("second")
    assert "Words used here" in first.html and "NKVD" in first.text.split("Words used here")[1]
    assert "troika" not in first.text.split("Words used here")[1]
    after = second.text.split("Words used here")[1]
    assert "troika" in after and "Old Bolshevik" in after and "NKVD" not in after
    assert "&lt;officials&gt;" in second.html and "<officials>" not in second.html


def test_the_glossary_page_lists_every_word_escaped(with_glossary):
    shown = utils.glossary_page()
    assert shown.html.index("NKVD") < shown.html.index("Old Bolshevik") < shown.html.index("troika")
    assert "&lt;officials&gt;" in shown.html and "also: troikas" in shown.html


@pytest.mark.parametrize("text, field", [
    ("terms: 5\n", "terms"),
    ("terms:\n  - just a word\n", "term"),
    ("terms:\n  - {term: a, meaning: ''}\n", "meaning"),
    ("terms:\n  - {term: a, meaning: b, colour: red}\n", "colour"),
    ("terms:\n  - {term: a, meaning: b, forms: c}\n", "forms"),
    ("terms:\n  - {term: a, meaning: b}\n  - {term: A, meaning: c}\n", "forms"),
])
def test_a_bad_glossary_names_file_item_and_field(course, text, field):
    course.write("lessons/glossary.yaml", text)
    glossary.clear_cache()
    with pytest.raises(ContentError) as err:
        glossary.terms()
    assert "glossary.yaml" in str(err.value) and field in str(err.value)
    glossary.clear_cache()


def test_the_real_glossary_loads_and_the_lessons_use_its_words():
    from utils.content import load as content

    glossary.clear_cache()
    words = {e["term"] for e in glossary.terms()}
    assert len(words) >= 30
    used = set()
    for path in content.lesson_files():
        lesson = utils.lesson(path.stem)
        used |= {e["term"] for entries in lesson.first_used().values() for e in entries}
    assert len(used & words) >= 0.75 * len(words), f"glossary words no lesson uses: {sorted(words - used)}"
