"""The package's version, in one place below every stage (the reports name it; pyproject.toml repeats it)."""

__version__ = "0.1.0"
