#!/usr/bin/env python3
"""The PostGIS peer of the query mix: load, index, query, compare, report.

Loads the flat export of a wegwijs store (``WEGWIJS_BENCH_PEER_DATA`` of
``benches/mix.rs``) into a running PostgreSQL + PostGIS cluster, indexes it,
runs the mix of ``benches/mix/queries.json`` as prepared statements, round
robin, as many rounds as wegwijs ran, checks that the filter-only classes
return the same ids in the same order as wegwijs did, and prints a
side-by-side table. ``scripts/peer/postgis.sh`` starts and stops the cluster
around it. Needs psycopg 3 (Debian's python3-psycopg).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

import psycopg

from stats import summarise  # this folder's stats.py

REPO = Path(__file__).resolve().parents[2]

# The classes whose answers depend only on filters and distance, so both
# systems must return exactly the same ids in the same order.
COMPARED = ("category_radius_nearest", "filters_radius", "place_only")
# Runs of the client floor: a prepared `SELECT 1`, the round trip and the
# client's own work that every timed statement includes.
FLOOR_RUNS = 2000

# wegwijs's field boosts (name 3, categories 2, organisation 1.5,
# description and place 1) as ts_rank weights {D, C, B, A}.
RANK_WEIGHTS = "{0.333,0.5,0.667,1.0}"

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS unaccent;
-- One text configuration for documents and queries (lesson 4): the
-- multilingual texts get no stemmer, only case and accent folding.
CREATE TEXT SEARCH CONFIGURATION wegwijs (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION wegwijs
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH unaccent, simple;
CREATE UNLOGGED TABLE staging (doc jsonb);
CREATE TABLE resource (
  key bigint PRIMARY KEY,
  id text NOT NULL UNIQUE,
  status text NOT NULL,
  geog geography(Point, 4326),
  remote boolean NOT NULL,
  categories text[] NOT NULL,
  languages text[] NOT NULL,
  interpreter boolean NOT NULL,
  free boolean NOT NULL,
  min_age int NOT NULL,
  max_age int NOT NULL,
  legal_statuses text[] NOT NULL,
  bsn_required boolean NOT NULL,
  availability text,
  verified bigint NOT NULL,
  organization text NOT NULL,
  tsv tsvector NOT NULL
);
-- One row per (resource, category), with the filter columns copied, for the
-- composite (category, location) GiST index.
CREATE TABLE resource_category (
  key bigint NOT NULL,
  id text NOT NULL,
  category text NOT NULL,
  status text NOT NULL,
  geog geography(Point, 4326),
  remote boolean NOT NULL,
  languages text[] NOT NULL,
  free boolean NOT NULL,
  min_age int NOT NULL,
  max_age int NOT NULL,
  verified bigint NOT NULL
);
CREATE TABLE place (name_key text NOT NULL, population bigint NOT NULL,
                    geog geography(Point, 4326) NOT NULL);
"""

TRANSFORM = """
INSERT INTO resource
SELECT (doc->>'key')::bigint, doc->>'id', doc->>'status',
       CASE WHEN doc->>'lat' IS NULL THEN NULL ELSE
         ST_SetSRID(ST_MakePoint((doc->>'lon')::float8, (doc->>'lat')::float8), 4326)::geography END,
       (doc->>'remote')::boolean,
       ARRAY(SELECT jsonb_array_elements_text(doc->'categories')),
       ARRAY(SELECT jsonb_array_elements_text(doc->'languages')),
       (doc->>'interpreter')::boolean, (doc->>'free')::boolean,
       (doc->>'min_age')::int, (doc->>'max_age')::int,
       ARRAY(SELECT jsonb_array_elements_text(doc->'legal_statuses')),
       (doc->>'bsn_required')::boolean, doc->>'availability',
       (doc->>'verified')::bigint, doc->>'organization_name',
       setweight(to_tsvector('wegwijs', doc->>'text_name'), 'A')
       || setweight(to_tsvector('wegwijs', doc->>'text_categories'), 'B')
       || setweight(to_tsvector('wegwijs', doc->>'text_organization'), 'C')
       || setweight(to_tsvector('wegwijs', doc->>'text_description'), 'D')
       || setweight(to_tsvector('wegwijs', doc->>'text_place'), 'D')
FROM staging;
INSERT INTO resource_category
SELECT r.key, r.id, c, r.status, r.geog, r.remote, r.languages, r.free,
       r.min_age, r.max_age, r.verified
FROM resource r, unnest(r.categories) AS c;
DROP TABLE staging;
"""

INDEXES = """
CREATE INDEX resource_geog ON resource USING gist (geog);
CREATE INDEX resource_tsv ON resource USING gin (tsv);
CREATE INDEX resource_languages ON resource USING gin (languages);
CREATE INDEX resource_categories ON resource USING gin (categories);
CREATE INDEX resource_status ON resource (status);
CREATE INDEX resource_free ON resource (free);
CREATE INDEX resource_age ON resource (min_age, max_age);
CREATE INDEX resource_category_geog ON resource_category USING gist (category, geog);
CREATE INDEX resource_category_remote ON resource_category (category) WHERE remote;
CREATE INDEX place_name ON place (name_key);
ANALYZE;
"""

# The freshness factor of src/index/collector.rs, for "now" = %(now)s.
FRESH = """(CASE WHEN {t}.verified = 0 THEN 0.7::float8 ELSE
  0.7 + 0.3 * power(0.5::float8, (greatest(%(now)s::bigint - {t}.verified, 0)::float8 / 86400.0) / 365.0) END)"""

# Nearest-first sort key of the collector: -distance (or -1e9 without a
# point) + freshness * 1e-6, higher first; ties by store key.
DIST_SORT = "(coalesce(-{t}.d_km, -1e9::float8) + {fresh} * 1e-6)"

FILTERS = """{t}.status = 'published'
  AND (cardinality(%(langs)s::text[]) = 0 OR {t}.languages && %(langs)s::text[])
  AND (NOT %(free)s OR {t}.free)
  AND (%(age)s::int IS NULL OR ({t}.min_age <= %(age)s::int AND {t}.max_age >= %(age)s::int))"""

PT = "ST_SetSRID(ST_MakePoint(%(lon)s::float8, %(lat)s::float8), 4326)::geography"

# Category(ies) within a radius, nearest first: per category one ordered
# walk of the composite index that stops after `limit` hits, plus the
# online and national resources of those categories, merged and ordered by
# the collector's exact sort key.
CATEGORY_NEAREST = f"""
WITH hits AS (
  SELECT c.key, c.id, ST_Distance(c.geog, {PT}, false) / 1000.0 AS d_km, c.verified
  FROM unnest(%(cats)s::text[]) AS k(cat)
  CROSS JOIN LATERAL (
    SELECT * FROM resource_category c
    WHERE c.category = k.cat AND ST_DWithin(c.geog, {PT}, %(radius_m)s::float8, false)
      AND {FILTERS.format(t='c')}
    ORDER BY c.geog <-> {PT}
    LIMIT %(limit)s) c
  UNION
  SELECT c.key, c.id, ST_Distance(c.geog, {PT}, false) / 1000.0, c.verified
  FROM resource_category c
  WHERE %(online)s AND c.remote AND c.category = ANY(%(cats)s::text[])
    AND {FILTERS.format(t='c')}
)
SELECT id, d_km FROM hits h
ORDER BY {DIST_SORT.format(t='h', fresh=FRESH.format(t='h'))} DESC, key
LIMIT %(limit)s
"""

# The same filter set, every member counted (untimed, for the comparison).
CATEGORY_COUNT = f"""
SELECT count(*) FROM (
  SELECT c.key FROM resource_category c
  WHERE c.category = ANY(%(cats)s::text[])
    AND (ST_DWithin(c.geog, {PT}, %(radius_m)s::float8, false) OR (%(online)s AND c.remote))
    AND {FILTERS.format(t='c')}
  GROUP BY c.key) x
"""

# A household need as the matcher asks it: every candidate within reach
# (and online or national) with the hard-rule columns, nearest first.
NEED_CANDIDATES = f"""
WITH hits AS (
  SELECT c.key, ST_Distance(c.geog, {PT}, false) / 1000.0 AS d_km, c.verified
  FROM resource_category c
  WHERE c.category = ANY(%(cats)s::text[])
    AND (ST_DWithin(c.geog, {PT}, %(radius_m)s::float8, false) OR c.remote)
    AND {FILTERS.format(t='c')}
  GROUP BY c.key, c.geog, c.verified
)
SELECT r.id, h.d_km, r.languages, r.interpreter, r.legal_statuses, r.bsn_required,
       r.availability, r.organization
FROM hits h JOIN resource r USING (key)
ORDER BY {DIST_SORT.format(t='h', fresh=FRESH.format(t='h'))} DESC, h.key
LIMIT 50000
"""

# Text, optionally within a radius: every match scored (ts_rank × distance
# factor × freshness, as the collector blends), top `limit`.
TEXT = f"""
WITH q AS (SELECT plainto_tsquery('wegwijs', %(text)s) AS q),
hits AS (
  SELECT r.key, r.id, r.verified, ts_rank('{RANK_WEIGHTS}', r.tsv, q.q) AS rank,
         CASE WHEN %(has_point)s AND r.geog IS NOT NULL
              THEN ST_Distance(r.geog, {PT}, false) / 1000.0 END AS d_km,
         r.geog IS NOT NULL AS has_point, r.remote
  FROM resource r, q
  WHERE r.tsv @@ q.q AND {FILTERS.format(t='r')}
    AND (%(radius_m)s::float8 IS NULL
         OR ST_DWithin(r.geog, {PT}, %(radius_m)s::float8, false)
         OR (%(online)s AND r.remote))
)
SELECT id, d_km FROM hits h
ORDER BY h.rank
  * (CASE WHEN NOT %(has_point)s THEN 1.0 WHEN h.d_km IS NULL THEN 0.5
          ELSE 0.2 + 0.8 / (1.0 + h.d_km / 10.0) END)
  * {FRESH.format(t='h')} DESC, h.key
LIMIT %(limit)s
"""

# A place name only: resolve it, then the nearest resources to it.
PLACE_NEAREST = f"""
WITH p AS (
  SELECT geog FROM place WHERE name_key = lower(unaccent(%(place)s))
  ORDER BY population DESC LIMIT 1
), hits AS (
  SELECT n.key, n.id, ST_Distance(n.geog, p.geog, false) / 1000.0 AS d_km, n.verified
  FROM p CROSS JOIN LATERAL (
    SELECT r.key, r.id, r.geog, r.verified FROM resource r
    WHERE r.status = 'published' AND r.geog IS NOT NULL
    ORDER BY r.geog <-> p.geog LIMIT %(limit)s) n
)
SELECT id, d_km FROM hits h
ORDER BY {DIST_SORT.format(t='h', fresh=FRESH.format(t='h'))} DESC, key
LIMIT %(limit)s
"""

PLACE_POINT = """
SELECT ST_Y(geog::geometry), ST_X(geog::geometry) FROM place
WHERE name_key = lower(unaccent(%(place)s)) ORDER BY population DESC LIMIT 1
"""


def taxonomy_expand():
    """Indicator id → its category codes; category code → itself."""
    taxonomy = json.loads((REPO / "seed-data/taxonomy.json").read_text())
    # As Taxonomy::expand: an indicator selects every category whose primary
    # indicator (the code's prefix) it is, or that lists it under `also`.
    expand = {i["id"]: [] for i in taxonomy["indicators"]}
    for c in taxonomy["categories"]:
        expand[c["code"]] = [c["code"]]
        for indicator in [c["code"].split(".")[0]] + c.get("also", []):
            if c["code"] not in expand[indicator]:
                expand[indicator].append(c["code"])
    return expand


def reach_km(household):
    if household.get("reach_km"):
        return household["reach_km"]
    return {"walk": 2.0, "bike": 7.0, "public_transport": 20.0, "car": 40.0}[
        household.get("mobility", "public_transport")
    ]


class Peer:
    def __init__(self, conn, now, expand):
        self.conn = conn
        self.now = now
        self.expand = expand

    def run(self, cur, sql, params):
        cur.execute(sql, params, prepare=True)
        return cur.fetchall()

    def point_of(self, cur, q):
        if q.get("point"):
            return q["point"]["lat"], q["point"]["lon"]
        if q.get("place"):
            row = self.run(cur, PLACE_POINT, {"place": q["place"]})
            return row[0] if row else (None, None)
        return None, None

    def search(self, cur, q):
        """One SearchQuery of the mix; returns (ids, distances)."""
        limit = q.get("per_page", 20)
        cats = [c for s in q.get("categories", []) for c in self.expand[s]]
        text = (q.get("text") or "").strip()
        base = {"now": self.now, "limit": limit}
        if text:
            lat, lon = self.point_of(cur, q)
            has_point = lat is not None
            radius = q.get("radius_km")
            rows = self.run(cur, TEXT, {
                **base, "text": text, "has_point": has_point,
                "lat": lat if has_point else 0.0, "lon": lon if has_point else 0.0,
                "radius_m": radius * 1000.0 if radius else None,
                "langs": q.get("languages", []), "free": bool(q.get("free_only", False)),
                "age": q.get("age"), "online": bool(q.get("include_online", True)),
            })
        elif cats:
            rows = self.run(cur, CATEGORY_NEAREST, self.category_params(q, cats, base))
        else:
            rows = self.run(cur, PLACE_NEAREST, {**base, "place": q["place"]})
        return [r[0] for r in rows], [r[1] for r in rows]

    def category_params(self, q, cats, base):
        return {
            **base, "cats": cats, "lat": q["point"]["lat"], "lon": q["point"]["lon"],
            "radius_m": q["radius_km"] * 1000.0, "langs": q.get("languages", []),
            "free": bool(q.get("free_only", False)), "age": q.get("age"),
            "online": bool(q.get("include_online", True)),
        }

    def household(self, cur, h):
        """The matcher's candidate queries, one per need; returns all ids."""
        lat, lon = self.point_of(cur, {"place": h["home"].get("place")})
        reach = reach_km(h)
        needs = [(None, n) for n in h.get("needs", [])]
        for m in h.get("members", []):
            needs += [(m.get("age"), n) for n in m.get("needs", [])]
        ids = []
        for age, need in needs:
            rows = self.run(cur, NEED_CANDIDATES, {
                "now": self.now, "cats": self.expand[need], "lat": lat, "lon": lon,
                "radius_m": reach * 1000.0, "langs": [], "age": age,
                "free": h.get("budget") == "free",
            })
            ids += [r[0] for r in rows]
        return ids, []


def load(conn, data_path):
    """Creates the tables, loads the export and the gazetteer, builds the indexes."""
    timings = {}
    t0 = time.monotonic()
    with conn.cursor() as cur:
        cur.execute(SCHEMA, prepare=False)
        with cur.copy("COPY staging (doc) FROM STDIN") as copy, open(data_path, "rb") as f:
            for line in f:
                # COPY text format: escape backslashes (JSON has many).
                copy.write(line.replace(b"\\", b"\\\\"))
        timings["copy_s"] = time.monotonic() - t0
        t1 = time.monotonic()
        cur.execute(TRANSFORM, prepare=False)
        places = REPO / "seed-data/gazetteer/places.tsv"
        with cur.copy("COPY place (name_key, population, geog) FROM STDIN") as copy:
            for i, line in enumerate(places.read_text(encoding="utf-8").splitlines()):
                if i == 0:
                    continue
                f = line.split("\t")
                names = {f[1], f[6]} | set(f[8].split("|") if len(f) > 8 and f[8] else [])
                point = f"SRID=4326;POINT({f[3]} {f[2]})"
                for name in names:
                    if name:
                        copy.write_row((name, int(f[4]), point))
        cur.execute("UPDATE place SET name_key = lower(unaccent(name_key))")
        timings["transform_s"] = time.monotonic() - t1
        t2 = time.monotonic()
        cur.execute(INDEXES, prepare=False)
        timings["index_s"] = time.monotonic() - t2
        cur.execute("CHECKPOINT")
    conn.commit()
    timings["load_s"] = time.monotonic() - t0
    return timings


def postgres_pss_bytes(pid_file):
    """Proportional set size of the postmaster and all its children."""
    try:
        root = int(Path(pid_file).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    pids = [root]
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == root:
                pids.append(int(d.name))
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def compare(ours_by_name, peer_results, conn, peer, mix):
    """Ordered ids and totals of the filter-only classes; returns report lines."""
    lines, same, differ = [], 0, 0
    with conn.cursor() as cur:
        for entry, pr in zip(mix, peer_results):
            if entry["class"] not in COMPARED:
                continue
            o = ours_by_name[entry["name"]]
            total_note = ""
            q = entry["query"]
            if entry["class"] != "place_only":
                cats = [c for s in q.get("categories", []) for c in peer.expand[s]]
                params = peer.category_params(q, cats, {"now": peer.now, "limit": 0})
                (count,), = peer.run(cur, CATEGORY_COUNT, params)
                total_note = f", total ours {o['total']} / PostGIS {count}"
                if count != o["total"]:
                    total_note += " (DIFFER)"
            if o["ids"] == pr["ids"] and "DIFFER" not in total_note:
                same += 1
                lines.append(f"  same   {entry['name']}: {len(o['ids'])} ids{total_note}")
                continue
            differ += 1
            detail = []
            if set(o["ids"]) == set(pr["ids"]):
                detail.append("same ids, different order")
            else:
                only_o = [i for i in o["ids"] if i not in pr["ids"]]
                only_p = [i for i in pr["ids"] if i not in o["ids"]]
                dist_o = dict(zip(o["ids"], o["distances_km"]))
                dist_p = dict(zip(pr["ids"], pr["distances_km"]))
                detail.append("only ours: " + ", ".join(f"{i} ({dist_o[i]})" for i in only_o[:5]))
                detail.append("only PostGIS: " + ", ".join(f"{i} ({dist_p[i]})" for i in only_p[:5]))
            lines.append(f"  DIFFER {entry['name']}{total_note}: " + "; ".join(detail))
    return same, differ, lines


def fmt_bytes(b):
    return "n/a" if b is None else f"{b / 1048576:.0f} MiB"


def ratio(peer_v, ours_v):
    if not ours_v or peer_v is None:
        return "n/a"
    return f"{peer_v / ours_v:.1f}x"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--socket", required=True, help="the cluster's unix socket directory")
    ap.add_argument("--data", required=True, help="peer JSON Lines from benches/mix.rs")
    ap.add_argument("--ours", required=True, help="results JSON of benches/mix.rs")
    ap.add_argument("--pid-file", required=True, help="postmaster.pid of the cluster")
    ap.add_argument("--ours-load-seconds", type=float, help="wegwijs load time, if measured outside")
    ap.add_argument("--out", help="write the peer's results JSON here")
    args = ap.parse_args()

    ours = json.loads(Path(args.ours).read_text())
    mix = json.loads((REPO / "benches/mix/queries.json").read_text())
    ours_by_name = {q["name"]: q for q in ours["queries"]}
    rounds = ours["rounds"]

    conn = psycopg.connect(host=args.socket, user="postgres", dbname="postgres",
                           prepare_threshold=0)
    timings = load(conn, args.data)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT pg_database_size('postgres'), count(*) FROM resource")
        db_bytes, rows = cur.fetchone()
        cur.execute("SELECT postgis_lib_version(), version()")
        postgis_version, pg_version = cur.fetchone()
    print(f"PostGIS peer: {rows} resources loaded in {timings['load_s']:.1f} s "
          f"(copy {timings['copy_s']:.1f}, transform {timings['transform_s']:.1f}, "
          f"indexes {timings['index_s']:.1f}); database {fmt_bytes(db_bytes)}")

    peer = Peer(conn, ours["now"], taxonomy_expand())

    def once(cur, entry):
        if entry["class"] == "household":
            return peer.household(cur, entry["household"])
        return peer.search(cur, entry["query"])

    results = [{"name": e["name"], "class": e["class"], "latencies_us": []} for e in mix]
    with conn.cursor() as cur:
        for _ in range(2):  # untimed, as in benches/mix.rs; also prepares
            for entry in mix:
                once(cur, entry)
        for entry, r in zip(mix, results):
            r["ids"], r["distances_km"] = once(cur, entry)
        started = time.monotonic()
        for _ in range(rounds):
            for entry, r in zip(mix, results):
                t = time.perf_counter_ns()
                once(cur, entry)
                r["latencies_us"].append((time.perf_counter_ns() - t) // 1000)
        elapsed = time.monotonic() - started
        # The client's own share of every figure: a prepared `SELECT 1`
        # timed as the mix is, one round trip that does no work.
        floor = []
        for i in range(FLOOR_RUNS + 100):
            t = time.perf_counter_ns()
            peer.run(cur, "SELECT 1", {})
            if i >= 100:
                floor.append((time.perf_counter_ns() - t) // 1000)
        floor.sort()
    pss = postgres_pss_bytes(args.pid_file)

    classes = list(dict.fromkeys(e["class"] for e in mix))
    peer_summary = summarise(results, classes)
    ours_summary = {c["class"]: c for c in ours["classes"]}
    same, differ, lines = compare(ours_by_name, results, conn, peer, mix)

    print(f"\n{ours['resources']} resources (N={ours['n']}), {len(mix)} queries x {rounds} "
          f"rounds, one client, {ours['machine']['cpus']} CPUs shared by client and server "
          f"(PostGIS run {elapsed:.0f} s)\n")
    head = (f"{'class':<24} {'ours p50':>9} {'PG p50':>9} {'ratio':>7} {'ours p99':>9} "
            f"{'PG p99':>9} {'ratio':>7} {'ours q/s':>9} {'PG q/s':>9} {'ratio':>7}")
    print(head)
    print("-" * len(head))
    for c in classes:
        o, p = ours_summary[c], peer_summary[c]
        print(f"{c:<24} {o['p50_ms']:>9.2f} {p['p50_ms']:>9.2f} {ratio(p['p50_ms'], o['p50_ms']):>7} "
              f"{o['p99_ms']:>9.2f} {p['p99_ms']:>9.2f} {ratio(p['p99_ms'], o['p99_ms']):>7} "
              f"{o['qps']:>9.1f} {p['qps']:>9.1f} {ratio(o['qps'], p['qps']):>7}")
    ours_load = args.ours_load_seconds or ours.get("load_seconds")
    print(f"\n{'load time':<24} ours {('%.1f s' % ours_load) if ours_load else 'n/a':>10}   "
          f"PostGIS {timings['load_s']:.1f} s   ratio {ratio(timings['load_s'], ours_load)}")
    print(f"{'disk':<24} ours {fmt_bytes(ours['disk_bytes']):>10}   PostGIS "
          f"{fmt_bytes(db_bytes)} (database)   ratio {ratio(db_bytes, ours['disk_bytes'])}")
    print(f"{'memory':<24} ours {fmt_bytes(ours['rss_bytes']):>10}   PostGIS "
          f"{fmt_bytes(pss)} (PSS, all backends)   ratio {ratio(pss, ours['rss_bytes'])}")
    print("\n(ms latencies; ratio = PostGIS / ours for times, sizes and load; ours / PostGIS for q/s)")
    print(f"client floor (a prepared SELECT 1, {FLOOR_RUNS} runs): p50 {floor[len(floor) // 2]} µs, "
          f"p99 {floor[len(floor) * 99 // 100]} µs")
    print(f"\nResult sets of the filter-only classes ({', '.join(COMPARED)}): "
          f"{same} same, {differ} differ")
    for line in lines:
        print(line)
    print("\nHits returned, ours / PostGIS, for the text classes (not compared: different analyzers):")
    for e, r in zip(mix, results):
        if e["class"] not in COMPARED:
            o = ours_by_name[e["name"]]
            overlap = len(set(o["ids"]) & set(r["ids"]))
            print(f"  {e['name']}: {len(o['ids'])} / {len(r['ids'])}, {overlap} in both")

    if args.out:
        Path(args.out).write_text(json.dumps({
            "system": "postgis", "postgis": postgis_version, "postgres": pg_version,
            "timings": timings, "db_bytes": db_bytes, "pss_bytes": pss,
            "floor_us": {"p50": floor[len(floor) // 2], "p99": floor[len(floor) * 99 // 100]},
            "classes": peer_summary, "compare": {"same": same, "differ": differ, "lines": lines},
            "queries": results,
        }, indent=1, default=str))
        print(f"\nwrote {args.out}")
    conn.close()
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
