"""Files written so that a crash leaves the old one or the new one whole, never a mix.

Pure Python (no SQLAlchemy): the configuration is saved with it too.
"""

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`, readable by the user only (0600): written to a temporary
    file beside it, flushed to disk, renamed over the old one, and the rename flushed too.
    On an error the old file is left as it was, and no temporary file stays behind."""
    # mkstemp creates the file 0600; os.replace keeps that mode for the final name.
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    flush_to_disk(path.parent)


def flush_to_disk(path: Path) -> None:
    """fsync a file, or a folder: that makes a rename in it, or a new name, survive a crash."""
    if path.is_dir() and os.name == "nt":
        return  # Windows cannot open a folder to flush it; its renames are durable anyway
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
