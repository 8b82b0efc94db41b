"""The user's configuration file (TOML): your name, theme and key remapping.

```toml
me = "Nguyen Thi Hoa"  # what "mine" views match in owners (default: your login name)
theme = "nord"

[keymap]            # binding id = keys, comma-separated; `bilateral keys` lists the ids
"partners.add" = "n"
```
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from db.files import write_atomically


@dataclass(frozen=True)
class Config:
    """Settings read from the configuration file."""

    me: str = ""
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def load_config(path: Path) -> Config:
    """Read the configuration; a missing file gives defaults, a broken one defaults + problems."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(problems=(f"{path}: {error}; using the default settings.",))
    problems: list[str] = []
    me = data.get("me", "")
    if not isinstance(me, str):
        problems.append(f"{path}: 'me' must be a string (your name as owners are written)")
        me = ""
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: 'theme' must be a string")
        theme = None
    keymap_table = data.get("keymap", {})
    keymap: dict[str, str] = {}
    if isinstance(keymap_table, dict):
        for binding_id, keys in keymap_table.items():
            if isinstance(keys, str) and keys.strip():
                keymap[binding_id] = keys
            else:
                problems.append(f"{path}: keymap {binding_id!r} must be a non-empty string")
    else:
        problems.append(f"{path}: [keymap] must be a table")
    return Config(me=me.strip(), theme=theme, keymap=keymap, problems=tuple(problems))


def save_theme(path: Path, theme: str) -> None:
    """Remember the theme, keeping every other setting in the file as it was."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return  # Never overwrite a file the user must fix by hand.
    data["theme"] = theme
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_atomically(path, tomli_w.dumps(data).encode("utf-8"))
