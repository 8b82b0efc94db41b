"""Where bilateral keeps its data, configuration and exports (platformdirs)."""

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "bilateral"
DB_ENV = "BILATERAL_DB"


@dataclass(frozen=True)
class Paths:
    """The places bilateral reads and writes."""

    database: str
    config_file: Path
    exports_dir: Path
    log_file: Path

    @property
    def templates_dir(self) -> Path:
        """The user's own checklist templates (*.toml), beside the config file."""
        return self.config_file.parent / "templates"

    @property
    def backups_dir(self) -> Path | None:
        """The daily copies of a SQLite database: a `backups` folder beside its file (in the
        data directory for the default database); None for a database on a server."""
        from db.locations import database_url, sqlite_path

        file = sqlite_path(database_url(self.database))
        return None if file is None else file.parent / "backups"


def resolve_paths(db_option: str | None = None) -> Paths:
    """Paths for this run: --db, else $BILATERAL_DB, else the user data directory."""
    data_dir = user_data_path(APP_NAME, appauthor=False)
    database = db_option or os.environ.get(DB_ENV) or str(data_dir / "bilateral.db")
    return Paths(
        database=database,
        config_file=user_config_path(APP_NAME, appauthor=False) / "config.toml",
        exports_dir=data_dir / "exports",
        log_file=data_dir / "bilateral.log",
    )
