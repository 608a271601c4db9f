#!/usr/bin/env python3
"""Turns the benchmark query mix (benches/mix/queries.json) into the
requests of the HTTP load test, one per line, for replay.lua:

    GET<TAB>/api/v1/search?...            (every entry with a query)
    POST<TAB>/api/v1/match<TAB>{json}     (every household entry)

usage: requests.py QUERIES_JSON SEARCH_OUT MATCH_OUT
"""
import json
import sys
import urllib.parse


def search_path(q):
    params = [("per_page", "20")]
    if q.get("text"):
        params.append(("q", q["text"]))
    if q.get("point"):
        params.append(("near", f'{q["point"]["lat"]},{q["point"]["lon"]}'))
    if q.get("place"):
        params.append(("place", q["place"]))
    if q.get("radius_km") is not None:
        params.append(("radius_km", str(q["radius_km"])))
    for c in q.get("categories", []):
        params.append(("category", c))
    for l in q.get("languages", []):
        params.append(("language", l))
    if q.get("free_only"):
        params.append(("free", "true"))
    if q.get("age") is not None:
        params.append(("age", str(q["age"])))
    if q.get("include_online") is False:
        params.append(("online", "false"))
    return "/api/v1/search?" + urllib.parse.urlencode(params)


def main():
    queries_json, search_out, match_out = sys.argv[1:4]
    mix = json.load(open(queries_json, encoding="utf-8"))
    known = {"text", "point", "place", "radius_km", "categories", "languages",
             "free_only", "age", "include_online"}
    searches, matches = [], []
    for entry in mix:
        if "query" in entry:
            unknown = set(entry["query"]) - known
            if unknown:
                sys.exit(f'{entry["name"]}: no HTTP parameter for {sorted(unknown)}')
            searches.append("GET\t" + search_path(entry["query"]))
        else:
            body = json.dumps(entry["household"], ensure_ascii=False, separators=(",", ":"))
            matches.append("POST\t/api/v1/match\t" + body)
    with open(search_out, "w", encoding="utf-8") as f:
        f.write("\n".join(searches) + "\n")
    with open(match_out, "w", encoding="utf-8") as f:
        f.write("\n".join(matches) + "\n")
    print(f"{len(searches)} search requests, {len(matches)} match requests")


if __name__ == "__main__":
    main()
