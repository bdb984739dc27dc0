"""Rules: YAML rule packs -> ``Rule`` s, and settings + packs -> the list of checks to run.

- ``packs.py``: ``load_rules``, ``load_packs``, ``load_checks``, ``catalogue``
- ``yaml_lines.py``: line-aware safe YAML (``load_yaml``)
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "catalogue": "packs",
    "load_checks": "packs",
    "load_packs": "packs",
    "load_rules": "packs",
    "load_yaml": "yaml_lines",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
