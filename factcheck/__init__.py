"""factcheck: check facts for consistency across news articles.

    >>> import factcheck
    >>> result = factcheck.check(["seeds/"])
    >>> result.findings[0].message
    >>> factcheck.to_frame(result)          # pandas DataFrame, one row per finding
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from factcheck.core.model import Document, Evidence, Finding
from factcheck.core.version import __version__

__all__ = ["Document", "Evidence", "Finding", "__version__", "check", "load_rules", "to_frame"]

if TYPE_CHECKING:
    from factcheck.api import check, to_frame
    from factcheck.rules.packs import load_rules


def __getattr__(name: str) -> Any:
    # Heavy modules load on first use, so `import factcheck` and `--help` stay fast.
    if name in ("check", "to_frame"):
        from factcheck import api

        return getattr(api, name)
    if name == "load_rules":
        from factcheck.rules.packs import load_rules

        return load_rules
    raise AttributeError(name)
