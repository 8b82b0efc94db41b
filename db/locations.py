"""Where a database is: its SQLAlchemy URL, and the file behind a SQLite one.

Pure Python, so that the application can look at the file before it loads SQLAlchemy.
"""

import os
from pathlib import Path


def database_url(target: str | os.PathLike[str]) -> str:
    """A SQLAlchemy URL for a URL or a file path; PostgreSQL URLs go through psycopg 3."""
    text = os.fspath(target)
    for scheme in ("postgresql://", "postgres://"):
        if text.startswith(scheme):
            return "postgresql+psycopg://" + text.removeprefix(scheme)
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    if not rest or rest.startswith(":memory:"):
        return None
    return Path(rest.split("?", 1)[0])
