"""The store tests' stand-ins (tests/data/store/standins.py), loaded once by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

DATA = Path(__file__).parent / "data" / "store"


def standins() -> ModuleType:
    """The stand-in reader, gazetteer and extractor module (tests/data is not a package)."""
    name = "geomap_store_standins"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, DATA / "standins.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
