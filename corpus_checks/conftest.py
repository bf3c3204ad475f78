"""Corpus checks: real-world manifests from ../shared/corpus (present in development and CI only)."""
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def manifest_files():
    return sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
                  if p.suffix in (".yaml", ".yml", ".json") and p.is_file())


@pytest.fixture(autouse=True)
def in_corpus(monkeypatch):
    """Run from the corpus folder so file names print as kubectl printed them when recorded."""
    if not CORPUS.is_dir():
        pytest.fail(f"corpus checks need {CORPUS}; run them from .ci/run beside ../shared")
    monkeypatch.chdir(CORPUS)
