"""Table cells shared by the visit screens and Today."""

from rich.text import Text


def progress_cell(progress: tuple[int, int, int]) -> Text:
    """'23/61 done · 4 overdue', the overdue part in red; empty before generation."""
    done, total, overdue = progress
    if total == 0:
        return Text("no checklist", style="dim")
    text = Text(f"{done}/{total} done")
    if overdue:
        text.append(f" · {overdue} overdue", style="bold red")
    return text
