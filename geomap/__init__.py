"""geomap: turn news reports of a war into dated, sourced maps.

The public API, in the order data flows through it::

    >>> import geomap
    >>> article = geomap.read_text(" date 2022-06-01 Russian forces controlled about 70% of "
    ...                            "Sievierodonetsk, a local official said.")
    >>> [(r.place_name, r.kind.value, r.actor.value, r.percent)
    ...  for r in geomap.extract(article, geomap.find(article.text))]
    [('Sievierodonetsk', 'partial_control', 'RU', 70.0)]

``read_paths``/``read_text`` read articles, ``find`` resolves place mentions (the ``gazetteer``
package), ``extract`` makes reports, ``ReportStore``/``ingest`` keep them, ``control_at``,
``fighting_at`` and ``changes`` fold them over time, ``estimate_frontline`` draws zones and a line
only near reports, and ``render_map``/``render_compare``/``render_timeline``/``build`` make maps.
Names are imported on first use, so ``import geomap`` stays fast and does not load folium or
geopandas until a map or an export needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

from geomap.errors import (
    BadDate,
    GeomapError,
    InputError,
    RenderError,
    StoreError,
    UnreadableArticle,
)
from geomap.models import (
    Actor,
    Article,
    Controller,
    ControlState,
    DateGuess,
    Kind,
    Modality,
    Precision,
    Report,
)

__version__ = "0.1.0"

# name -> module that defines it; imported lazily by __getattr__.
_LAZY = {
    "read_paths": "geomap.articles",
    "read_text": "geomap.articles",
    "date_article": "geomap.dating",
    "event_date": "geomap.dating",
    "find": "gazetteer",
    "extract": "geomap.claims",
    "ReportStore": "geomap.store",
    "ingest": "geomap.pipeline",
    "IngestSummary": "geomap.pipeline",
    "control_at": "geomap.state",
    "fighting_at": "geomap.state",
    "changes": "geomap.state",
    "estimate_frontline": "geomap.frontline",
    "render_map": "geomap.render",
    "render_compare": "geomap.render",
    "render_timeline": "geomap.render",
    "render_png": "geomap.render",
    "build": "geomap.render",
}
# Names whose attribute differs from the exported name.
_RENAMED = {"estimate_frontline": "estimate"}

__all__ = [
    "Actor",
    "Article",
    "BadDate",
    "ControlState",
    "Controller",
    "DateGuess",
    "GeomapError",
    "InputError",
    "Kind",
    "Modality",
    "Precision",
    "RenderError",
    "Report",
    "StoreError",
    "UnreadableArticle",
    "__version__",
    *sorted(_LAZY),
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
    globals()[name] = value  # cache: the next access skips this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
