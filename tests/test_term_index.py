"""The batch path: integer-keyed term counts equal ``analyze``'s, scores equal ``score``'s."""

from __future__ import annotations

from array import array
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import term_index
from cli.artifact import load_scorer
from cli.errors import ModelError
from cli.features import PHRASES, analyze
from cli.scorer import Scorer
from cli.term_index import Key, TermIndex
from cli.training.corpus import load_corpus
from tests.conftest import EXAMPLES, ROOT, realdev_texts

SHIPPED = ROOT / "models"


@pytest.fixture
def shipped() -> Scorer:
    return shipped_scorer()


def known_counts(scorer: Scorer, text: str) -> dict[str, int]:
    """The reference: ``analyze``'s counts of the vocabulary's terms."""
    return {t: n for t, n in Counter(analyze(text)).items() if t in scorer.rows}


def index_counts(scorer: Scorer, index: TermIndex, text: str) -> dict[str, int]:
    """The batch path's counts, under the terms' own names."""
    names = _names(scorer, index)
    return {names[k]: n for k, n in index.counts(text).items() if k in names}


@cache
def _names(scorer: Scorer, index: TermIndex) -> dict[Key, str]:
    return {index.key(t): t for t in scorer.terms}


@cache
def shipped_scorer() -> Scorer:
    return load_scorer(SHIPPED)[0]


def project_texts() -> list[str]:
    texts = [r.text for r in load_corpus(ROOT / "data" / "corpus")] + realdev_texts()
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [text, text[:400]]
    return texts


def test_keys_are_distinct(shipped: Scorer) -> None:
    index, rows = shipped.term_index
    assert len({index.key(t) for t in shipped.terms}) == len(shipped.terms) == len(rows)


def test_counts_equal_analyze_on_project_texts(shipped: Scorer) -> None:
    index = TermIndex(shipped.terms)
    for text in project_texts():
        assert index_counts(shipped, index, text) == known_counts(shipped, text), text[:80]


def test_score_many_equals_score_to_the_bit(shipped: Scorer) -> None:
    texts = [*project_texts(), "", "xyzzy"]
    assert shipped.score_many(texts) == [shipped.score(t) for t in texts]
    assert shipped.score_many([]) == []


def test_full_memo_gives_the_same_counts(shipped: Scorer,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(term_index, "CHUNKS_MAX", 3)
    index = TermIndex(shipped.terms)
    texts = project_texts()[:200]
    for text in texts + texts:  # the second time, most chunks are not remembered
        assert index_counts(shipped, index, text) == known_counts(shipped, text)


def test_phrases_are_counted(shipped: Scorer) -> None:
    index = TermIndex(shipped.terms)
    text = ("Denial of service attacks on an information system, by access to a computer "
            "without authorisation; false news.\nDenial\nof service")
    assert index_counts(shipped, index, text) == known_counts(shipped, text)
    assert {"c:target:ict", "c:ict", "c:means:ict"} <= set(index.counts(text))


@pytest.mark.parametrize("phrase", sorted(k for k in PHRASES if k.count(" ") == 2))
def test_three_word_phrase_at_the_end(shipped: Scorer, phrase: str) -> None:
    index = TermIndex(shipped.terms)
    for text in (phrase, f"Whoever commits {phrase}", f"{phrase} {phrase}"):
        assert index_counts(shipped, index, text) == known_counts(shipped, text)


def test_tiny_model_batch_path(tiny_model: Path) -> None:
    scorer, _ = load_scorer(tiny_model)
    texts = project_texts()[::7]
    assert scorer.score_many(texts) == [scorer.score(t) for t in texts]


# Words the vocabulary knows, phrase words, stop words, odd tokens, and separators
# that do or do not split tokens: the generated texts hit every branch of the counting.
WORDS = sorted({w for key in PHRASES for w in key.split()} | {
    "computer", "system", "systems", "Access", "ACCESS", "data", "fraud", "offence", "the",
    "of", "a", "without", "right", "intercepts", "interception", "e-mail", "o'clock",
    "3rd", "x", "hacking", "unauthorised", "person", "shall", "İstanbul", "naïve", "’s",
    "real-time", "child", "sexual", "ict", "web", "information", "network", "article",
})
SEPARATORS = [" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028", ", ", "; ", "-", "--", "'",
              "’", "(", ")", ".", "\x0c", "/", "§"]


@st.composite
def texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SEPARATORS),
                                     st.text(max_size=6)), max_size=60))
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(texts())
def test_counts_equal_analyze_on_generated_texts(text: str) -> None:
    scorer = shipped_scorer()
    index, _ = scorer.term_index
    assert index_counts(scorer, index, text) == known_counts(scorer, text)
    assert scorer.score_many([text]) == [scorer.score(text)]


@pytest.mark.parametrize("terms", [["access", "access"], ["three words here"]])
def test_a_vocabulary_the_analyzer_cannot_make_is_a_model_error(terms: list[str]) -> None:
    scorer = Scorer(["cyber-dependent", "cyber-enabled", "other"], [0.0, 0.0, 0.0], terms,
                    array("d", [1.0, 0.5, 0.0, -0.5] * len(terms)))
    with pytest.raises(ModelError):
        scorer.score_many(["access"])


def test_stem_and_concept_tables_agree_with_the_plain_rules() -> None:
    """``stem`` and ``_word_concepts`` look suffixes up by last letter and prefixes by
    first four: the same results as trying every suffix in order and every prefix of
    every concept, on every word of the corpus and every lexicon entry."""
    from cli.features import CONCEPT_WORDS, SUFFIXES, TOKEN, _word_concepts, stem

    def plain_stem(word: str) -> str:
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                return word if word.endswith("ss") and suffix == "s" else word[:-len(suffix)]
        return word

    def plain_concepts(word: str) -> tuple[str, ...]:
        return tuple(name for name, words in CONCEPT_WORDS.items()
                     if any(word == w[:-1] if w.endswith("$") else word.startswith(w)
                            for w in words.split()))

    root = Path(__file__).resolve().parent.parent / "data" / "corpus"
    words = {w for f in root.glob("*.jsonl") for w in TOKEN.findall(f.read_text().lower())}
    words |= {w.rstrip("$") + tail for ws in CONCEPT_WORDS.values() for w in ws.split()
              for tail in ("", "s", "ing", "ation")}
    words |= {"a", "ss", "ies", "ations", "access", "class", "web", "webs"}
    assert len(words) > 5000
    assert [stem(w) for w in sorted(words)] == [plain_stem(w) for w in sorted(words)]
    assert ([_word_concepts(w) for w in sorted(words)]
            == [plain_concepts(w) for w in sorted(words)])
