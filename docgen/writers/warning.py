"""What a writer had to change in the tree to write it, told to the user rather than printed
by Python: :class:`WriterWarning`, gathered by :func:`collected_warnings`."""
from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager


class WriterWarning(UserWarning):
    """What a writer had to change in the tree to write it (e.g. characters a .docx cannot hold)."""


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """The writers' warnings (:class:`WriterWarning`) inside the block, in a list rather than
    printed; any other warning goes its usual way."""
    collected: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WriterWarning)
        yield collected
    for warning in caught:
        if issubclass(warning.category, WriterWarning):
            collected.append(str(warning.message))
        else:
            warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)
