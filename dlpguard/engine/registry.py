"""Finds every recognizer class under `dlpguard.engine.recognizers`: adding one means adding one file."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from functools import cache

from dlpguard.engine import recognizers as _package
from dlpguard.engine.recognizers.base import Detector, PatternDetector
from dlpguard.engine.types import Category

_BASES = {Detector, PatternDetector}


@cache
def discover() -> tuple[type[Detector], ...]:
    """Concrete Detector subclasses defined in the recognizer modules, in a stable order."""
    found: dict[str, type[Detector]] = {}
    for info in sorted(pkgutil.iter_modules(_package.__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{_package.__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Detector)
                and cls not in _BASES
                and cls.__module__ == module.__name__
                and not inspect.isabstract(cls)
                and not cls.__name__.startswith("_")
            ):
                found[f"{module.__name__}.{cls.__name__}"] = cls
    return tuple(found[k] for k in sorted(found))


def build_detectors() -> list[Detector]:
    return [cls() for cls in discover()]


@cache
def entity_categories() -> dict[str, Category]:
    """Entity type -> category for every entity a detector or the NER model reports (custom rules aside)."""
    types: dict[str, Category] = {"PERSON": Category.PERSON, "LOCATION": Category.LOCATION}
    for cls in discover():
        if cls.ENTITY:
            types.setdefault(cls.ENTITY, cls.CATEGORY)
        for entity, category in getattr(cls, "ENTITY_CATEGORIES", {}).items():
            types.setdefault(entity, category)
    return types
