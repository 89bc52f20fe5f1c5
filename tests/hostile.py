"""Hostile programme files for the tests: the fixtures under tests/fixtures/hostile, and a
large but valid programme that takes the worker seconds (and memory) to check."""

from __future__ import annotations

from pathlib import Path

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
BILLION_LAUGHS = HOSTILE / "billion-laughs.yaml"
DEEP_JSON = HOSTILE / "deep.json"
DEEP_XML = HOSTILE / "deep.xml"
MINI = Path(__file__).parent / "fixtures" / "mini.yaml"


def slow_programme(speakers: int = 10_000) -> bytes:
    """mini.yaml with ``speakers`` more speakers: valid, about 85 bytes a speaker, and about
    0.5 ms a speaker (and 10 KB of memory) to check, so 10,000 take seconds and over 100 MB."""
    extra = "".join(
        f'  - id: s{i}\n    name: {{ky: "Спикер {i}", ru: "Спикер {i}", en: "Speaker {i}"}}\n'
        for i in range(speakers)
    )
    text = MINI.read_text(encoding="utf-8").replace("sessions:\n", extra + "sessions:\n", 1)
    return text.encode("utf-8")
