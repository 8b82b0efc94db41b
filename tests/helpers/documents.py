"""Reading a document's Markdown in tests: the text under a heading, a table's first cells."""


def section(markdown: str, heading: str) -> str:
    """The text under a heading, up to the next heading of the same level or higher."""
    level = heading.split(" ", 1)[0]
    start = markdown.index(f"\n{heading}\n") + len(heading) + 2
    ends = [markdown.find(f"\n{'#' * size} ", start) for size in range(1, len(level) + 1)]
    ends = [end for end in ends if end != -1]
    return markdown[start : min(ends)] if ends else markdown[start:]


def first_cells(table: str) -> list[str]:
    """The first cell of each row of the (first) table in a text, header and rule left out."""
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    return [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]]
