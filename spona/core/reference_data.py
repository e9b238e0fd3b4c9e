"""Loads places and taxonomies from the data files shipped in spona/core/data/ (idempotent)."""

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cyrtranslit
import pycountry
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from spona.core.models import (
    CapacityDomain,
    Country,
    LegalForm,
    Municipality,
    Region,
    Sector,
    SustainableDevelopmentGoal,
)
from spona.core.normalization import fold

DATA_DIR = Path(__file__).resolve().parent / "data"

BA_ENTITIES = {
    "FBiH": ("BA-BIH", "Federacija Bosne i Hercegovine", "Federation of Bosnia and Herzegovina"),
    "RS": ("BA-SRP", "Republika Srpska", "Republika Srpska"),
    "BD": ("BA-BRC", "Brčko distrikt", "Brčko District"),
}
RS_PROVINCES = {
    "Vojvodina": ("Autonomna pokrajina Vojvodina", "Autonomous Province of Vojvodina"),
    "Kosovo-Metohija": ("Autonomna pokrajina Kosovo i Metohija", "Autonomous Province of Kosovo and Metohija"),
}


@dataclass
class LoadSummary:
    sectors: int = 0
    goals: int = 0
    legal_forms: int = 0
    capacity_domains: int = 0
    regions: int = 0
    municipalities: int = 0


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _cyrillic(latin: str) -> str:
    return cyrtranslit.to_cyrillic(latin, "sr")


@cache
def _english_region_names() -> dict[str, str]:
    """English names of cantons and districts (region_names_en.csv), by their local name."""
    return {row["name"]: row["name_en"] for row in _rows("region_names_en.csv")}


def _translated(row: dict[str, str]) -> dict[str, str]:
    return {
        "name_en": row["name_en"],
        "name_bs": row["name_bs"],
        "name_sr_latn": row["name_sr_latn"],
        "name_sr_cyrl": _cyrillic(row["name_sr_latn"]),
    }


def load_taxonomies(summary: LoadSummary) -> None:
    for position, row in enumerate(_rows("sectors.csv")):
        Sector.objects.update_or_create(
            slug=row["slug"],
            defaults={**_translated(row), "position": position, "is_cssp_area": row["is_cssp_area"] == "1"},
        )
        summary.sectors += 1
    for row in _rows("sdgs.csv"):
        number = int(row["number"])
        SustainableDevelopmentGoal.objects.update_or_create(
            number=number, defaults={**_translated(row), "slug": f"sdg-{number}", "position": number}
        )
        summary.goals += 1
    for position, row in enumerate(_rows("legal_forms.csv")):
        LegalForm.objects.update_or_create(
            slug=row["slug"], defaults={**_translated(row), "position": position, "countries": row["countries"]}
        )
        summary.legal_forms += 1
    for position, row in enumerate(_rows("capacity_domains.csv")):
        CapacityDomain.objects.update_or_create(slug=row["slug"], defaults={**_translated(row), "position": position})
        summary.capacity_domains += 1


def _region(summary: LoadSummary, *, code: str, **fields) -> Region:
    region, _created = Region.objects.update_or_create(code=code, defaults=fields)
    summary.regions += 1
    return region


def _municipality(summary: LoadSummary, *, code: str, city: Municipality | None = None, **fields) -> Municipality:
    municipality, _created = Municipality.objects.update_or_create(code=code, defaults={**fields, "city": city})
    summary.municipalities += 1
    return municipality


def load_bosnia(summary: LoadSummary) -> None:
    country, _created = Country.objects.update_or_create(
        code="BA", defaults={"name_en": "Bosnia and Herzegovina", "name_local": "Bosna i Hercegovina"}
    )
    entities = {
        key: _region(
            summary,
            code=iso.lower(),
            country=country,
            kind=Region.Kind.ENTITY,
            name=name,
            name_en=name_en,
            name_cyrl=_cyrillic(name),
            parent=None,
            position=position,
        )
        for position, (key, (iso, name, name_en)) in enumerate(BA_ENTITIES.items())
    }
    cantons: dict[str, Region] = {}
    for row in _rows("places-ba.csv"):
        entity = entities[row["entity"]]
        region = entity
        if row["canton"]:
            if row["canton"] not in cantons:
                cantons[row["canton"]] = _region(
                    summary,
                    code=f"ba-canton-{len(cantons) + 1}",
                    country=country,
                    kind=Region.Kind.CANTON,
                    name=row["canton"],
                    name_en=_english_region_names().get(row["canton"], ""),
                    name_cyrl=_cyrillic(row["canton"]),
                    parent=entity,
                    position=10 + len(cantons),
                )
            region = cantons[row["canton"]]
        _municipality(
            summary,
            code=f"ba-{row['entity'].lower()}-{slugify(fold(row['name']))}",
            country=country,
            region=region,
            kind=row["kind"],
            name=row["name"],
            name_cyrl=row["name_cyrl"] or _cyrillic(row["name"]),
            city=None,
        )


def load_serbia(summary: LoadSummary, *, include_kosovo: bool) -> None:
    country, _created = Country.objects.update_or_create(
        code="RS", defaults={"name_en": "Serbia", "name_local": "Srbija"}
    )
    files = ["places-rs.csv"] + (["places-rs-kosovo.csv"] if include_kosovo else [])
    rows = [row for name in files for row in _rows(name)]
    provinces: dict[str, Region] = {}
    districts: dict[str, Region] = {}
    cities: dict[str, Municipality] = {}
    city_municipalities = []
    for row in rows:
        parent = None
        if row["province"]:
            if row["province"] not in provinces:
                name, name_en = RS_PROVINCES[row["province"]]
                provinces[row["province"]] = _region(
                    summary,
                    code=f"rs-{slugify(row['province'])}",
                    country=country,
                    kind=Region.Kind.PROVINCE,
                    name=name,
                    name_en=name_en,
                    name_cyrl=_cyrillic(name),
                    parent=None,
                    position=len(provinces),
                )
            parent = provinces[row["province"]]
        iso = row["iso_district"]
        if iso not in districts:
            name = "Grad Beograd" if iso == "RS-00" else row["district"]
            districts[iso] = _region(
                summary,
                code=iso.lower(),
                country=country,
                kind=Region.Kind.DISTRICT,
                name=name,
                name_en=_english_region_names().get(name, ""),
                name_cyrl=_cyrillic(name),
                parent=parent,
                position=10 + int(iso.split("-")[1]),
            )
        if row["kind"].startswith("city_municipality_of_"):
            city_municipalities.append(row)
            continue
        municipality = _municipality(
            summary,
            code=f"rs-{slugify(fold(row['name']))}",
            country=country,
            region=districts[iso],
            kind=row["kind"],
            name=row["name"],
            name_cyrl=row["name_cyrl"] or _cyrillic(row["name"]),
            city=None,
        )
        if row["kind"] == "city":
            cities[fold(row["name"])] = municipality
    for row in city_municipalities:
        city_key = fold(row["kind"].removeprefix("city_municipality_of_"))
        city = cities.get("beograd") if city_key == "belgrade" else cities[city_key]
        _municipality(
            summary,
            code=f"rs-{slugify(fold(city.name))}-{slugify(fold(row['name']))}",
            country=country,
            region=districts[row["iso_district"]],
            kind=Municipality.Kind.CITY_MUNICIPALITY,
            name=row["name"],
            name_cyrl=row["name_cyrl"] or _cyrillic(row["name"]),
            city=city,
        )


def load_montenegro(summary: LoadSummary) -> None:
    """Montenegro's municipalities (ISO 3166-2:ME, from pycountry), in one region for the whole country."""
    country, _created = Country.objects.update_or_create(
        code="ME", defaults={"name_en": "Montenegro", "name_local": "Crna Gora"}
    )
    whole = _region(
        summary,
        code="me",
        country=country,
        kind=Region.Kind.COUNTRY,
        name="Crna Gora",
        name_en="Montenegro",
        name_cyrl=_cyrillic("Crna Gora"),
        parent=None,
        position=0,
    )
    for subdivision in sorted(pycountry.subdivisions.get(country_code="ME"), key=lambda s: s.code):
        _municipality(
            summary,
            code=f"me-{slugify(fold(subdivision.name))}",
            country=country,
            region=whole,
            kind=Municipality.Kind.MUNICIPALITY,
            name=subdivision.name,
            name_cyrl=_cyrillic(subdivision.name),
        )


def load_croatia(summary: LoadSummary) -> None:
    """Croatia's counties and the City of Zagreb (ISO 3166-2:HR, from pycountry), each with its main town
    (spona/core/data/places-hr.csv)."""
    country, _created = Country.objects.update_or_create(
        code="HR", defaults={"name_en": "Croatia", "name_local": "Hrvatska"}
    )
    counties = {
        subdivision.code: _region(
            summary,
            code=subdivision.code.lower(),
            country=country,
            kind=Region.Kind.COUNTY,
            name=subdivision.name,
            name_en=subdivision.name,
            name_cyrl="",
            parent=None,
            position=int(subdivision.code.split("-")[1]),
        )
        for subdivision in pycountry.subdivisions.get(country_code="HR")
    }
    for row in _rows("places-hr.csv"):
        _municipality(
            summary,
            code=f"hr-{slugify(fold(row['name']))}",
            country=country,
            region=counties[row["iso_county"]],
            kind=Municipality.Kind.CITY,
            name=row["name"],
            name_cyrl="",
        )


def _distinction(municipality: Municipality, namesakes: list[Municipality]) -> str:
    """What tells a municipality from others of the same name, in the active language: its kind (the city of
    Užice and its city municipality Užice), its city (Palilula in Belgrade and in Niš), else the highest
    region where they part (Kupres in the Federation and in Republika Srpska)."""
    if len({other.kind for other in namesakes}) == len(namesakes):
        return str(Municipality.Kind(municipality.kind).label)
    if municipality.city and len({other.city_id for other in namesakes}) == len(namesakes):
        return municipality.city.display_name
    chains = {other.pk: other.region_chain()[::-1] for other in namesakes}
    for level in range(max(len(chain) for chain in chains.values())):
        regions = [chain[level].pk if level < len(chain) else None for chain in chains.values()]
        if len(set(regions)) == len(regions):
            return chains[municipality.pk][level].display_name
    return municipality.region.display_name


def qualify_namesakes() -> None:
    """Give municipalities that share a name what tells them apart, in every UI language."""
    municipalities = list(Municipality.objects.select_related("region__parent", "city"))
    by_name: dict[str, list[Municipality]] = defaultdict(list)
    for municipality in municipalities:
        by_name[fold(municipality.name)].append(municipality)
    for municipality in municipalities:
        namesakes = by_name[fold(municipality.name)]
        qualifiers = {}
        if len(namesakes) > 1:
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    qualifiers[language] = _distinction(municipality, namesakes)
        if municipality.qualifiers != qualifiers:
            municipality.qualifiers = qualifiers
            municipality.save(update_fields=["qualifiers"])


@transaction.atomic
def load_reference_data(*, include_kosovo: bool = False) -> LoadSummary:
    """Create or update every taxonomy and place; safe to run again after the data files change."""
    summary = LoadSummary()
    load_taxonomies(summary)
    load_bosnia(summary)
    load_serbia(summary, include_kosovo=include_kosovo)
    load_montenegro(summary)
    load_croatia(summary)
    qualify_namesakes()
    return summary
