"""Turn a provision's text into the terms the linear model weighs.

One function serves training (as the vectorizer's analyzer) and classification (in
the pickle-free scorer), so both see exactly the same terms.
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["analyze"]

TOKEN = re.compile(r"[a-z][a-z0-9]+(?:['’-][a-z0-9]+)*")


def analyze(text: str) -> list[str]:
    """Lower-cased word unigrams and bigrams; numbers and one-letter tokens are dropped."""
    words = TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in pairwise(words)]
