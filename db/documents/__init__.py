"""The documents a ministry reads, assembled from the records: the brief before a visit (or a
single meeting) and the visit report after it, written as Markdown or PDF."""
