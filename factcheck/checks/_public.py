"""How common a word or name is in public English text (wordfreq's Zipf scale, 0 to ~8).

A spelling that is itself common in public use ("Iran", "Clara", "Olympian", zipf >= 3, about
once per million words) is a real word or name, not a slip; a garble ("Malthaus", "Daveport",
"Cheslea") scores 0 or near it. The name checks use it to ask for evidence of identity before
flagging a common spelling, and to tell which of two spellings seen once each is the slip.
"""

from __future__ import annotations

from functools import lru_cache

COMMON = 3.0  # zipf: once per million words
UNKNOWN = 1.0  # zipf: at most once per hundred million words, or never seen


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # loaded on first use: its tables take ~0.3 s to read

    return float(zipf_frequency(word.lower(), "en"))
