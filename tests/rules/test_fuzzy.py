""" "Did you mean": close titles and names by edit distance over the folded words."""

from __future__ import annotations

from forumbot.rules.fuzzy import Suggester
from forumbot.rules.search import index_text

ENTRIES = [
    ("speaker", "sharshenova", index_text("И. Шаршенова", "I. Sharshenova")),
    ("speaker", "santuriani", index_text("Георгий Сантуриани", "Giorgi Santuriani")),
    ("speaker", "zhylkybaev", index_text("Узарбек Жылкыбаев", "Uzarbek Zhylkybaev")),
    ("session", "rt-youth", index_text("Жаштар жана шайлоо", "Молодёжь и выборы")),
]


def test_one_typo_in_a_name_finds_the_person() -> None:
    s = Suggester(ENTRIES)
    assert s.suggest("Шаршинова") == [("speaker", "sharshenova")]
    assert s.suggest("Santurani") == [("speaker", "santuriani")]
    assert s.suggest("Жылкыбев") == [("speaker", "zhylkybaev")]


def test_typos_are_read_after_the_same_folding_as_the_search() -> None:
    s = Suggester(ENTRIES)
    assert s.suggest("ШАРШИНѲВА") == [("speaker", "sharshenova")]  # case, fita for ө
    assert s.suggest("Шaршинoва") == [("speaker", "sharshenova")]  # Latin look-alikes
    assert s.suggest("молодеш") == [("session", "rt-youth")]  # ё typed as е, and a typo


def test_every_long_word_must_be_close_and_the_closest_come_first() -> None:
    s = Suggester(ENTRIES)
    assert s.suggest("жаштр шайлоо") == [("session", "rt-youth")]
    assert s.suggest("жаштр гравитация") == []  # one word far from everything
    assert s.suggest("квантовая гравитация") == []
    assert s.suggest("и на") == []  # short words say nothing
    both = Suggester([*ENTRIES, ("speaker", "sharshen", index_text("Шаршенов"))])
    assert both.suggest("Шаршенова")[0] == ("speaker", "sharshenova")  # 0 edits before 1


def test_one_edit_in_short_words_two_in_long_ones() -> None:
    s = Suggester(
        [("speaker", "a", index_text("Asel")), ("speaker", "b", index_text("Santuriani"))]
    )
    assert s.suggest("Asek") == [("speaker", "a")]
    assert s.suggest("Aaek") == []  # two edits in four letters
    assert s.suggest("Sanruriany") == [("speaker", "b")]  # two in ten
    assert s.suggest("Sanrurianyy") == []
