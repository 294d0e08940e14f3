"""Writes generated files into a staging tree, the shape every platform's package tool reads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePath

from installers.generate import GeneratedFile


def stage(files: Iterable[GeneratedFile], root: Path, *, relative_to: PurePath | None = None) -> list[Path]:
    """Each file lands at root/<its target path> (or root/<path relative to `relative_to`), with its mode."""
    written = []
    for generated in files:
        rel = generated.path.relative_to(relative_to) if relative_to else generated.path
        parts = rel.parts[1:] if rel.is_absolute() else rel.parts
        dest = root.joinpath(*parts)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(generated.content)
        dest.chmod(generated.mode)
        written.append(dest)
    return written
