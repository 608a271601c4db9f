#!/usr/bin/env python3
"""Checks seed-data/taxonomy.json against the taxonomy rules.

Usage: python3 seed-data/taxonomy_check.py [path/to/taxonomy.json]

Prints every violation found and exits with status 1 if there is any,
0 otherwise. Standard library only.
"""

import json
import re
import sys
from pathlib import Path

INDICATOR_GROUPS = [
    ("work", "markers_and_means"),
    ("housing", "markers_and_means"),
    ("education", "markers_and_means"),
    ("health", "markers_and_means"),
    ("leisure", "markers_and_means"),
    ("bonds", "social_connections"),
    ("bridges", "social_connections"),
    ("links", "social_connections"),
    ("language", "facilitators"),
    ("culture", "facilitators"),
    ("digital", "facilitators"),
    ("safety", "facilitators"),
    ("stability", "facilitators"),
    ("rights", "foundation"),
]
INDICATOR_IDS = [i for i, _ in INDICATOR_GROUPS]
MIN_CATEGORIES = 60
MIN_SYNONYMS = 2
LABEL_LANGS = ["uk", "nl", "en"]
SYNONYM_LANGS = ["uk", "ru", "nl", "en"]
CODE_RE = re.compile(r"^([a-z]+)\.([a-z0-9]+(?:_[a-z0-9]+)*)$")

REQUIRED_CODES = [
    "health.mental_support",
    "leisure.sports_club",
    "work.childcare",
    "housing.relocation_desk",
    "rights.legal_aid",
    "language.dutch_lessons",
    "education.special_needs",
    "leisure.cycling_lessons",
]

# Every need of the households in DOMAIN.md must have a home. Each need names
# the category code(s) that cover it; all listed codes must exist.
COVERAGE = {
    "GP / huisarts": ["health.gp"],
    "dentist": ["health.dentist"],
    "medicines / pharmacy": ["health.pharmacy"],
    "mental support, formal": ["health.mental_support"],
    "mental support, community / peer": ["health.peer_support"],
    "mental support, online platforms": ["health.online_mental_support"],
    "therapeutic group activities (painting, music)": [
        "leisure.painting_drawing", "leisure.music", "health.creative_therapy"],
    "yoga": ["leisure.yoga"],
    "dance": ["leisure.dance"],
    "swimming": ["leisure.swimming"],
    "tennis": ["leisure.tennis"],
    "volleyball": ["leisure.volleyball"],
    "games meetups": ["leisure.games_meetup"],
    "sewing / crafts workshops": ["leisure.crafts_sewing"],
    "library": ["leisure.library"],
    "after-school activities for children": ["leisure.afterschool_activities"],
    "teen activities": ["leisure.teen_activities"],
    "cycling lessons for adults": ["leisure.cycling_lessons"],
    "school enrolment": ["education.school_enrolment"],
    "Dutch lessons": ["language.dutch_lessons"],
    "English lessons": ["language.english_lessons"],
    "language cafés / conversation practice": ["language.conversation_practice"],
    "childcare, formal": ["work.childcare"],
    "childcare, community": ["work.community_childcare"],
    "pre-school (VVE)": ["education.preschool_vve"],
    "special-needs education": ["education.special_needs"],
    "relocation desk": ["housing.relocation_desk"],
    "host families": ["housing.host_families"],
    "emergency shelter": ["housing.emergency_shelter"],
    "housing search": ["housing.housing_search"],
    "job coaching": ["work.job_coaching"],
    "job search / vacancies": ["work.job_search"],
    "diploma recognition": ["work.diploma_recognition"],
    "self-employment advice": ["work.self_employment"],
    "income support / benefits": ["work.income_support"],
    "bank account": ["links.bank_account"],
    "BSN": ["links.bsn_number"],
    "municipality registration (BRP)": ["links.municipality_registration"],
    "IND / residence documents": ["links.ind_residence"],
    "embassy / consulate / passports": ["links.embassy_consulate"],
    "legal aid": ["rights.legal_aid"],
    "domestic violence / safety help": ["safety.domestic_violence"],
    "helplines": ["safety.helplines"],
    "online Ukrainian communities": ["bonds.online_communities"],
    "Ukrainian community groups": ["bonds.ukrainian_community"],
    "community centres": ["bridges.community_centre"],
    "meeting Dutch neighbours / buddy programmes": ["bridges.buddy_programme"],
    "volunteering": ["bridges.volunteering"],
    "digital skills courses": ["digital.digital_skills_courses"],
    "devices / internet access": ["digital.devices_internet"],
    "museums": ["culture.museums"],
    "cultural events": ["culture.cultural_events"],
    "Ukrainian cultural events": ["culture.ukrainian_events"],
    "food banks": ["stability.food_bank"],
    "clothing": ["stability.clothing"],
    "transport / public transport": ["stability.transport"],
    "elderly care": ["health.elderly_care"],
    "disability support": ["health.disability_support"],
    "pregnancy / maternity care": ["health.pregnancy_maternity"],
    "youth care": ["health.youth_care"],
    "interpreting / translation": ["language.interpreting_translation"],
    "third-country nationals (derdelanders)": ["rights.third_country_nationals"],
    "temporary protection status": ["rights.temporary_protection"],
    "city discount pass (Stadspas)": ["leisure.city_pass"],
}

CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
# Letters of Russian that Ukrainian does not have, and the reverse.
RUSSIAN_ONLY_RE = re.compile(r"[ыэъёЫЭЪЁ]")
UKRAINIAN_ONLY_RE = re.compile(r"[іїєґІЇЄҐ]")
# Apostrophes other than ASCII ' (the text normalizer folds them, but the
# file keeps one form so that duplicates are easy to see).
ODD_APOSTROPHE_RE = re.compile(r"[\u2019\u2018\u02BC`\u2032\u00B4]")


class Checker:
    def __init__(self):
        self.errors = []

    def error(self, where, message):
        self.errors.append(f"{where}: {message}")

    def check_text(self, where, lang, text):
        """Checks one label or synonym for script and form."""
        if not isinstance(text, str) or not text.strip():
            self.error(where, "empty or not a string")
            return False
        if text != text.strip() or "  " in text:
            self.error(where, f"stray whitespace in {text!r}")
        if ODD_APOSTROPHE_RE.search(text):
            self.error(where, f"use the ASCII apostrophe in {text!r}")
        if lang == "uk" and RUSSIAN_ONLY_RE.search(text):
            self.error(where, f"Russian-only letter in Ukrainian text {text!r}")
        if lang == "ru" and UKRAINIAN_ONLY_RE.search(text):
            self.error(where, f"Ukrainian-only letter in Russian text {text!r}")
        if lang in ("nl", "en") and CYRILLIC_RE.search(text):
            self.error(where, f"Cyrillic in {lang} text {text!r}")
        return True

    def check_labels(self, where, labels, seen):
        if not isinstance(labels, dict) or sorted(labels) != sorted(LABEL_LANGS):
            self.error(where, f"labels must have exactly the keys {LABEL_LANGS}")
            return
        for lang in LABEL_LANGS:
            text = labels[lang]
            if not self.check_text(f"{where} label {lang}", lang, text):
                continue
            if lang == "uk" and not CYRILLIC_RE.search(text):
                self.error(where, f"Ukrainian label {text!r} has no Cyrillic")
            key = text.casefold()
            if key in seen[lang]:
                self.error(where, f"{lang} label {text!r} also used by {seen[lang][key]}")
            else:
                seen[lang][key] = where

    def check_synonyms(self, where, synonyms):
        if not isinstance(synonyms, dict) or sorted(synonyms) != sorted(SYNONYM_LANGS):
            self.error(where, f"synonyms must have exactly the keys {SYNONYM_LANGS}")
            return
        for lang in SYNONYM_LANGS:
            words = synonyms[lang]
            w = f"{where} synonyms {lang}"
            if not isinstance(words, list):
                self.error(w, "not a list")
                continue
            if len(words) < MIN_SYNONYMS:
                self.error(w, f"{len(words)} entries, need at least {MIN_SYNONYMS}")
            folded = set()
            for word in words:
                if not self.check_text(w, lang, word):
                    continue
                key = word.casefold()
                if key in folded:
                    self.error(w, f"duplicate {word!r}")
                folded.add(key)
            if lang in ("uk", "ru"):
                cyr = sum(1 for x in words if isinstance(x, str) and CYRILLIC_RE.search(x))
                if cyr < MIN_SYNONYMS:
                    self.error(w, f"only {cyr} Cyrillic entries, need at least {MIN_SYNONYMS}")

    def check(self, data):
        if not isinstance(data, dict):
            self.error("file", "top level is not an object")
            return
        if sorted(data) != ["categories", "indicators", "version"]:
            self.error("file", f"top-level keys must be version, indicators, categories; found {sorted(data)}")
        if data.get("version") != 1:
            self.error("file", "version must be 1")
        indicators = data.get("indicators") or []
        categories = data.get("categories") or []
        seen_labels = {lang: {} for lang in LABEL_LANGS}

        ids = [i.get("id") for i in indicators if isinstance(i, dict)]
        if ids != INDICATOR_IDS:
            self.error("indicators", f"ids must be exactly {INDICATOR_IDS} in order; found {ids}")
        groups = dict(INDICATOR_GROUPS)
        for ind in indicators:
            if not isinstance(ind, dict):
                self.error("indicators", "entry is not an object")
                continue
            where = f"indicator {ind.get('id')}"
            extra = set(ind) - {"id", "group", "labels", "synonyms"}
            if extra:
                self.error(where, f"unexpected keys {sorted(extra)}")
            if ind.get("id") in groups and ind.get("group") != groups[ind["id"]]:
                self.error(where, f"group must be {groups[ind['id']]!r}, found {ind.get('group')!r}")
            self.check_labels(where, ind.get("labels"), seen_labels)
            self.check_synonyms(where, ind.get("synonyms"))

        if len(categories) < MIN_CATEGORIES:
            self.error("categories", f"{len(categories)} categories, need at least {MIN_CATEGORIES}")
        codes = set()
        primaries = set()
        for cat in categories:
            if not isinstance(cat, dict):
                self.error("categories", "entry is not an object")
                continue
            code = cat.get("code")
            where = f"category {code}"
            extra = set(cat) - {"code", "also", "labels", "synonyms"}
            if extra:
                self.error(where, f"unexpected keys {sorted(extra)}")
            m = CODE_RE.match(code) if isinstance(code, str) else None
            if not m:
                self.error(where, "code must be indicator.slug (lowercase ascii, underscores)")
            elif m.group(1) not in INDICATOR_IDS:
                self.error(where, f"unknown primary indicator {m.group(1)!r}")
            else:
                primaries.add(m.group(1))
            if code in codes:
                self.error(where, "duplicate code")
            codes.add(code)
            also = cat.get("also")
            if not isinstance(also, list):
                self.error(where, "'also' must be a list")
            else:
                if len(set(also)) != len(also):
                    self.error(where, "'also' lists an indicator twice")
                for a in also:
                    if a not in INDICATOR_IDS:
                        self.error(where, f"'also' lists unknown indicator {a!r}")
                    elif m and a == m.group(1):
                        self.error(where, f"'also' repeats the primary indicator {a!r}")
            self.check_labels(where, cat.get("labels"), seen_labels)
            self.check_synonyms(where, cat.get("synonyms"))

        for ind in INDICATOR_IDS:
            if ind not in primaries:
                self.error(f"indicator {ind}", "no category has it as primary indicator")
        for code in REQUIRED_CODES:
            if code not in codes:
                self.error("categories", f"required code {code!r} missing")
        for need, needed in COVERAGE.items():
            for code in needed:
                if code not in codes:
                    self.error("coverage", f"need {need!r} expects category {code!r}")


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("taxonomy.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read taxonomy: {e}", file=sys.stderr)
        return 1
    checker = Checker()
    checker.check(data)
    for e in checker.errors:
        print(e, file=sys.stderr)
    if checker.errors:
        print(f"{path}: {len(checker.errors)} violation(s)", file=sys.stderr)
        return 1
    n = len(data["categories"])
    print(f"{path}: ok ({len(data['indicators'])} indicators, {n} categories)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
