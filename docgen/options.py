"""What a build is asked to make: one frozen, picklable :class:`BuildOptions` that travels from
the command line through the batch's worker processes to the writers."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.writers import WriterOptions, writer

DEFAULT_FORMATS = ("docx", "pdf")
"""The formats ``docgen build`` writes unless told otherwise."""


@dataclass(frozen=True)
class BuildOptions:
    """The choices of one run, the same for every case in it."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    """File formats to write (keys of :data:`docgen.writers.WRITERS`), in this order."""
    font: str | None = None
    """The PDF font (``--font``); None: found on the system."""
    templates: Path | None = None
    """A folder of the user's own letter templates, used before the shipped ones."""
    force: bool = False
    """Rebuild a case even when its inputs are unchanged since its manifest."""

    def __post_init__(self) -> None:
        for fmt in self.formats:
            writer(fmt)  # an unknown format: one error naming every known one

    def writer_options(self) -> WriterOptions:
        """What the writers are told of these options."""
        return WriterOptions(font=self.font)
