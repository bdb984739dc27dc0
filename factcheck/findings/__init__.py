"""Findings: what is kept of the checks' raw findings, and how it is ranked.

- ``stage.py``: calibrated confidence (``calibration.json``), severity, one finding per span, the
  per-page budget (``Triage``, ``consolidate``, ``limit_flags``)
- ``suppress.py``: ignore files, inline ignores and reviewer decisions (``suppress``)
"""

from __future__ import annotations

from factcheck.core.lazy import lazy_names

# name -> the module of this folder that defines it; loaded on first use, so importing one
# module of the stage never loads the others (``--help`` stays fast).
_OFFERS = {
    "Calibration": "stage",
    "Triage": "stage",
    "consolidate": "stage",
    "limit_flags": "stage",
    "load_calibration": "stage",
    "suppress": "suppress",
}
__all__ = sorted(_OFFERS)

__getattr__ = lazy_names(__name__, _OFFERS)
