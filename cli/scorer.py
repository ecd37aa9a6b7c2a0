"""The pickle-free scorer: the trained linear model, verified before use.

It reproduces the scikit-learn pipeline (TF-IDF with sublinear tf and l2 norm, then
multinomial logistic regression) in plain Python, so classifying a draft needs
neither scikit-learn nor NumPy, and loading a model never unpickles anything. The
file is a magic line, a JSON line (classes, intercepts, sizes), the vocabulary one term
a line, then two tables of little-endian float64s: each term's idf and class weights,
and each term's row (its idf squared, then idf times each weight), stored so that a
draft reads its terms' rows as slices rather than multiplying them out at every start.
"""

import gc
import json
import math
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from itertools import repeat
from operator import add, mul
from typing import Any, NamedTuple

from cli import LABELS
from cli.errors import ModelError
from cli.features import analyze
from cli.term_index import Key, TermIndex

__all__ = ["Evidence", "Scorer", "Scores", "TypeScorer"]

SCORER_MAGIC = b"cyberscope-linear/2"
TYPE_MAGIC = b"cyberscope-types/1"
Row = tuple[float, ...]  # a term's idf squared, then idf times each class's weight


class Scores(NamedTuple):
    """Probabilities and raw scores (logits) of each class for one text."""

    classes: tuple[str, ...]
    probabilities: tuple[float, ...]
    logits: tuple[float, ...]

    @property
    def label(self) -> str:
        """The most probable class; a tie goes to the class listed first."""
        p = self.probabilities
        return self.classes[p.index(max(p))]

    @property
    def confidence(self) -> float:
        return max(self.probabilities)

    @property
    def runner_up(self) -> str:
        """The second most probable class; ties in class order."""
        p = self.probabilities
        return self.classes[sorted(range(len(p)), key=p.__getitem__, reverse=True)[1]]

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.classes, self.probabilities, strict=True))


class Evidence(NamedTuple):
    """A term of the text and how far it pushed one class over another."""

    term: str
    weight: float


class Scorer:
    """A linear text classifier over TF-IDF terms, evaluated in plain Python.

    ``table`` holds, for term ``i`` of ``terms``, its idf followed by the weight of
    each of the ``k`` classes, at ``table[(k + 1) * i:(k + 1) * (i + 1)]``; ``products``
    holds the same term's row at the same place: its idf squared, then idf times each
    weight (made from ``table`` when not given).
    """

    def __init__(self, classes: list[str], intercept: list[float], terms: list[str],
                 table: Sequence[float], sublinear_tf: bool = True,
                 products: Sequence[float] | None = None) -> None:
        self.classes = tuple(classes)
        self.intercept = tuple(intercept)
        self.terms = list(terms)
        self.table = table
        self.sublinear_tf = sublinear_tf
        self.stride = stride = len(self.classes) + 1
        if stride < 3 or len(self.intercept) != len(self.classes):
            raise ModelError("a scorer needs two classes or more, each with an intercept")
        if len(table) != len(self.terms) * self.stride:
            raise ModelError("the scorer's weights do not match its vocabulary")
        if products is None:
            products = array("d")
            for first in range(0, len(table), stride):
                idf = table[first]
                products.append(idf * idf)
                products.extend(idf * w for w in table[first + 1:first + stride])
        if len(products) != len(table):
            raise ModelError("the scorer's rows do not match its weights")
        self.products = products

    @cached_property
    def rows(self) -> dict[str, Row]:
        """Each term's row as a tuple (the batch path's integer keys map to these); a
        draft slices the rows of its own terms from ``products`` instead."""
        stride, products = self.stride, self.products
        with _no_gc():
            return dict(zip(self.terms, zip(*(products[k::stride] for k in range(stride)),
                                            strict=True), strict=True))

    @cached_property
    def index(self) -> dict[str, int]:
        """Each term's position in ``terms``."""
        return dict(zip(self.terms, range(len(self.terms)), strict=True))

    @classmethod
    def from_bytes(cls, data: bytes) -> "Scorer":
        """Read the scorer format: magic line, JSON header line, the terms a line each,
        the weights, the rows."""
        try:
            first = data.index(b"\n")
            second = data.index(b"\n", first + 1)
            if data[:first] == b"cyberscope-linear/1":
                raise ModelError("the scorer file is in an older format; retrain the model "
                                 "(`classify train`)")
            if data[:first] != SCORER_MAGIC:
                raise ModelError("the scorer file is not a cyberscope scorer")
            meta = json.loads(data[first + 1:second], parse_constant=_refuse_constant)
            n, size = meta["terms"], meta["term_bytes"]
            if not (type(n) is int and type(size) is int and 0 < n <= size):
                raise ValueError
            start = second + 1
            terms = data[start:start + size].decode("utf-8").split("\n")
            if terms.pop() != "" or len(terms) != n:
                raise ValueError
            width = 8 * n * (len(meta["classes"]) + 1)
            start += size
            if len(data) != start + 2 * width:
                raise ValueError
            table, products = (_numbers(memoryview(data)[at:at + width], "d")
                               for at in (start, start + width))
            scorer = cls(meta["classes"], meta["intercept"], terms, table,
                         meta["sublinear_tf"], products)
            _check(meta, scorer)
            return scorer
        except (ValueError, KeyError, TypeError, RecursionError):
            raise ModelError("the scorer file is not a cyberscope scorer") from None

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        """Pickled as its file's bytes (its tables are views of them, which pickle
        cannot copy), for a program that sends a loaded scorer to other processes."""
        return (Scorer.from_bytes, (self.to_bytes(),))

    def to_bytes(self) -> bytes:
        if any("\n" in t for t in self.terms):
            raise ModelError("a term of the scorer's vocabulary has a line break")
        if not math.isfinite(sum(self.products)):
            raise ModelError("the scorer's rows are not all finite numbers")
        words = "".join(t + "\n" for t in self.terms).encode("utf-8")
        meta = {"classes": list(self.classes), "intercept": list(self.intercept),
                "sublinear_tf": self.sublinear_tf, "term_bytes": len(words),
                "terms": len(self.terms)}
        tables = [array("d", self.table), array("d", self.products)]
        if sys.byteorder != "little":
            for t in tables:
                t.byteswap()
        header = json.dumps(meta, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return b"\n".join([SCORER_MAGIC, header.encode(), words]) + b"".join(
            t.tobytes() for t in tables)

    def features(self, text: str) -> dict[str, float]:
        """The text's l2-normalised TF-IDF values over the model's vocabulary."""
        terms = self.terms
        return {terms[i]: v for i, v in self._normalised(self._known(text)).items()}

    @cached_property
    def term_index(self) -> tuple[TermIndex, dict[Key, Row]]:
        """The vocabulary in integer space and each term's row under its key, made on
        first use (it takes some milliseconds, repaid over a large batch)."""
        try:
            with _no_gc():
                index = TermIndex(self.terms)
                keys = list(map(index.key, self.terms))
        except (KeyError, ValueError):
            raise ModelError("the scorer's vocabulary has terms the analyzer does not make; "
                             "retrain the model (`classify train`)") from None
        if len(set(keys)) != len(keys):
            raise ModelError("the scorer's vocabulary repeats a term; retrain the model")
        return index, dict(zip(keys, self.rows.values(), strict=True))

    def _known(self, text: str) -> list[tuple[int, int]]:
        """The position and count of each of ``text``'s terms in the vocabulary, in the
        order the analyzer first gives them."""
        get = self.index.get
        return [(i, n) for t, n in Counter(analyze(text)).items() if (i := get(t)) is not None]

    def _sliced(self, known: list[tuple[int, int]]) -> list[tuple[Sequence[float], int]]:
        """Each known term's row, sliced from ``products``, and its count."""
        products, stride = self.products, self.stride
        return [(products[stride * i:stride * (i + 1)], n) for i, n in known]

    def score(self, text: str) -> Scores:
        """Class probabilities of one text."""
        return self._from_rows(self._sliced(self._known(text)))

    def score_many(self, texts: Iterable[str]) -> list[Scores]:
        """Class probabilities of each text, the same as ``score`` gives to the last
        bit, faster per text once ``term_index`` is made."""
        index, rows = self.term_index
        return [self._from_rows(_rows_of(index.counts(t), rows)) for t in texts]

    def score_values(self, text: str) -> tuple[Scores, dict[int, float]]:
        """``score`` of one text, with its normalised TF-IDF values by term position
        (what the type scorer weighs)."""
        known = self._known(text)
        return self._from_rows(self._sliced(known)), self._normalised(known)

    def score_many_values(self, texts: Iterable[str]) -> list[tuple[Scores, dict[int, float]]]:
        """``score_values`` of each text, through the batch path of ``score_many``."""
        index, rows = self.term_index
        positions = self.key_positions
        out = []
        for t in texts:
            counts = index.counts(t)
            out.append((self._from_rows(_rows_of(counts, rows)),
                        self._normalised([(positions[k], n) for k, n in counts.items()
                                          if k in positions])))
        return out

    @cached_property
    def key_positions(self) -> dict[Key, int]:
        """Each term's position in ``terms``, under its integer-space key."""
        return {k: i for i, k in enumerate(self.term_index[1])}

    def _normalised(self, known: Iterable[tuple[int, int]]) -> dict[int, float]:
        """The l2-normalised TF-IDF value of each known term (position, count), by position."""
        table, stride, tf = self.table, self.stride, self._tf
        values = {i: table[i * stride] if n == 1 else tf(n) * table[i * stride]
                  for i, n in known}  # most terms occur once: their value is their idf
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        return {i: v / norm for i, v in values.items()}

    def _tf(self, n: int) -> float:
        """The term frequency weight of a count: 1 + ln(n) with sublinear tf, else n."""
        return (1.0 + math.log(n)) if self.sublinear_tf else float(n)

    def _from_rows(self, found: list[tuple[Sequence[float], int]]) -> Scores:
        """Probabilities from each known term's row and count.

        Each class's dot product and the squared norm are sums over the known terms,
        taken by ``sum`` as if every term occurred once, then corrected for the terms
        that repeat; dividing by the norm at the end equals scoring the normalised
        vector, as scikit-learn does, to within rounding. Scoring is the inner loop of
        every run, hence no Python loop over all the terms.
        """
        if found:
            squares, *dots = map(sum, zip(*[row for row, _ in found], strict=True))
        else:
            squares, *dots = (0.0,) * self.stride
        for row, n in found:
            if n > 1:
                tf = self._tf(n)
                squares += row[0] * (tf * tf - 1.0)
                dots = list(map(add, dots, map((tf - 1.0).__mul__, row[1:])))
        norm = math.sqrt(squares) or 1.0
        logits = [b + d / norm for b, d in zip(self.intercept, dots, strict=True)]
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return Scores(self.classes, tuple(e / total for e in exps), tuple(logits))

    def weight(self, term: str, label: str) -> float:
        return self.table[self.index[term] * self.stride + self.classes.index(label) + 1]

    def contributions(self, text: str, label: str) -> dict[str, float]:
        """Each term's share of ``label``'s logit; with the intercept they sum to it."""
        return {t: v * self.weight(t, label) for t, v in self.features(text).items()}

    def evidence(self, text: str, label: str, against: str, top: int = 8) -> list[Evidence]:
        """The terms that pushed ``text`` most towards ``label`` and away from ``against``."""
        pushes = [(v * (self.weight(t, label) - self.weight(t, against)), t)
                  for t, v in self.features(text).items()]
        pushes.sort(key=lambda p: (-p[0], p[1]))
        return [Evidence(t, round(w, 6)) for w, t in pushes[:top] if w > 0]


def _rows_of(counts: Mapping[Key, int], rows: Mapping[Key, Row]) -> list[tuple[Row, int]]:
    """The row and count of each of a text's terms that the vocabulary has."""
    get = rows.get
    return [(row, n) for k, n in counts.items() if (row := get(k)) is not None]


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _check(meta: dict, scorer: Scorer) -> None:
    """Refuse a hash-consistent but malformed scorer: the classes must be the labels,
    each once; every number finite; the terms distinct."""
    classes, intercept = meta["classes"], meta["intercept"]
    if not (isinstance(classes, list) and len(classes) == len(LABELS)
            and sorted(map(str, classes)) == sorted(LABELS)
            and all(isinstance(c, str) for c in classes)):
        raise ModelError(f"the scorer's classes are not {', '.join(LABELS)}, each once")
    if not (isinstance(intercept, list) and len(intercept) == len(LABELS)
            and all(isinstance(b, int | float) and not isinstance(b, bool)
                    and math.isfinite(b) for b in intercept)):
        raise ModelError("the scorer's intercepts are not three finite numbers")
    if not isinstance(meta["sublinear_tf"], bool):
        raise ModelError("the scorer file is not a cyberscope scorer")
    if len(scorer.index) != len(scorer.terms):  # the index is needed anyway
        raise ModelError("the scorer's vocabulary is not a list of distinct terms")
    # one C-level sum each: NaN or infinity anywhere makes it non-finite (weights are small)
    if not (math.isfinite(sum(scorer.table)) and math.isfinite(sum(scorer.products))):
        raise ModelError("the scorer's weights are not all finite numbers")


def _numbers(view: memoryview, code: str) -> Sequence[float]:
    """Little-endian numbers of ``array`` type ``code``, read in place where this
    machine is little-endian."""
    if sys.byteorder == "little":
        return view.cast(code)  # no copy; a length that is not a multiple is a TypeError
    table = array(code, bytes(view))
    table.byteswap()
    return table


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of tuples are made
    at once: none of them is garbage, and collecting as they come costs a third of
    the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class TypeScorer:
    """The type of a provision within its label: for each label, a linear model over the
    types of that label, weighing the label scorer's TF-IDF values (same vocabulary, same
    idf), so a provision's type is always one of its label's types.

    ``table`` holds, for term ``i`` of the label scorer's vocabulary, the weight of each
    type, types grouped by label, at ``table[k * i:k * (i + 1)]`` for ``k`` types. The
    weights are stored as float32: the table is some forty times the label scorer's
    width, and half the bytes to read and hash keep start-up within its budget, while
    the probabilities stay within 1e-6 of scikit-learn's.
    """

    def __init__(self, types: Mapping[str, Iterable[str]], intercept: list[float],
                 terms: int, table: Sequence[float]) -> None:
        self.types = {label: tuple(ts) for label, ts in types.items()}
        self.classes = tuple(t for ts in self.types.values() for t in ts)
        self.intercept = tuple(intercept)
        self.terms = terms
        self.table = table
        self.stride = len(self.classes)
        if not all(self.types.values()) or len(set(self.classes)) != len(self.classes):
            raise ModelError("the type scorer needs distinct types for every label")
        if len(self.intercept) != self.stride or len(table) != terms * self.stride:
            raise ModelError("the type scorer's weights do not match its types")
        self.spans: dict[str, tuple[int, int]] = {}
        start = 0
        for label, ts in self.types.items():
            self.spans[label] = (start, start + len(ts))
            start += len(ts)

    @classmethod
    def from_bytes(cls, data: bytes) -> "TypeScorer":
        """Read the format: magic line, JSON header line, little-endian float32s."""
        try:
            first = data.index(b"\n")
            second = data.index(b"\n", first + 1)
            if data[:first] != TYPE_MAGIC:
                raise ModelError("the type scorer file is not a cyberscope type scorer")
            meta = json.loads(data[first + 1:second])
            return cls(dict(meta["types"]), meta["intercept"], meta["terms"],
                       _numbers(memoryview(data)[second + 1:], "f"))
        except (ValueError, KeyError, TypeError):
            raise ModelError("the type scorer file is not a cyberscope type scorer") from None

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        """Pickled as its file's bytes, as ``Scorer`` is."""
        return (TypeScorer.from_bytes, (self.to_bytes(),))

    def to_bytes(self) -> bytes:
        meta = {"intercept": list(self.intercept), "terms": self.terms,
                "types": [[label, list(ts)] for label, ts in self.types.items()]}
        table = array("f", self.table)
        if sys.byteorder != "little":
            table.byteswap()
        header = json.dumps(meta, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return TYPE_MAGIC + b"\n" + header.encode() + b"\n" + table.tobytes()

    def check(self, scorer: Scorer) -> None:
        """Refuse a type scorer made for another vocabulary than ``scorer``'s."""
        if self.terms != len(scorer.terms) or set(self.types) != set(scorer.classes):
            raise ModelError("the type scorer does not match the label scorer; "
                             "retrain the model (`classify train`)")

    def score(self, values: Mapping[int, float], label: str) -> Scores:
        """Probabilities of ``label``'s types, from a text's normalised TF-IDF values."""
        start, end = self.spans[label]
        table, width = self.table, end - start
        # each term's weights for the label's types, sliced in C, then summed type by type
        rows = [table[f:f + width] for f in [i * self.stride + start for i in values]]
        weights = list(values.values())
        columns = zip(*rows, strict=True) if rows else repeat((), width)
        logits = [b + sum(map(mul, weights, column))
                  for b, column in zip(self.intercept[start:end], columns, strict=True)]
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return Scores(self.types[label], tuple(e / total for e in exps), tuple(logits))

    def weight(self, position: int, offence_type: str) -> float:
        return self.table[position * self.stride + self.classes.index(offence_type)]

    def evidence(self, values: Mapping[int, float], terms: list[str], offence_type: str,
                 against: str | None, top: int = 8) -> list[Evidence]:
        """The terms that pushed most towards ``offence_type`` and away from ``against``
        (the label's runner-up type; none where the label has one type)."""
        pushes = [(v * (self.weight(i, offence_type)
                        - (self.weight(i, against) if against else 0.0)), terms[i])
                  for i, v in values.items()]
        pushes.sort(key=lambda p: (-p[0], p[1]))
        return [Evidence(t, round(w, 6)) for w, t in pushes[:top] if w > 0]
