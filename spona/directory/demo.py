"""Realistic demo organizations with local names, places and descriptions, at any scale.

Deterministic for a given seed. Names and texts are in Bosnian and Serbian (some Serbian ones in
Cyrillic, as many organizations in Serbia and Republika Srpska write them), so search across
scripts and inflections can be tried on the demo site and measured by the benchmark.
"""

import datetime
import random
from collections.abc import Callable

import cyrtranslit
from django.db import transaction
from django.utils import timezone

from spona.core.models import LegalForm, Municipality, Sector, SustainableDevelopmentGoal
from spona.directory import services
from spona.directory.models import AnnualFinance, ContactPerson, Organization, Program, Result

CSO_PREFIXES = [
    "Udruženje građana",
    "Udruženje",
    "Fondacija",
    "Centar",
    "Savez udruženja",
    "Omladinski centar",
    "Udruženje žena",
    "Forum",
    "Inicijativa",
    "Mreža",
    "Klub",
    "Asocijacija",
    "Pokret",
    "Humanitarna organizacija",
]
# What a CSO named "Centar za …" works for, with the sector (a reference slug) that work belongs to.
CSO_FOCUS_SECTORS = {
    "razvoj civilnog društva": "democracy",
    "ljudska prava": "human-rights",
    "prava žena": "womens-rights",
    "mlade": "youth",
    "zaštitu okoliša": "environment",
    "ruralni razvoj": "agriculture",
    "obrazovanje odraslih": "education",
    "socijalnu uključenost": "social-inclusion",
    "osobe s invaliditetom": "disability",
    "demokratiju i participaciju": "democracy",
    "borbu protiv korupcije": "anti-corruption",
    "zaštitu životinja": "animal-welfare",
    "kulturu i umjetnost": "culture",
    "zdravlje zajednice": "health",
    "lokalni razvoj": "local-development",
    "prava Roma": "minorities-roma",
    "pomoć starijima": "elderly",
    "djecu i porodicu": "children",
    "energetsku efikasnost": "environment",
    "medijsku pismenost": "media",
    "volonterizam": "philanthropy",
    "društveno preduzetništvo": "social-entrepreneurship",
    "izgradnju mira": "peacebuilding",
    "pravnu pomoć": "justice",
}
CSO_FOCUS = list(CSO_FOCUS_SECTORS)
# Prefixes that say what an organization works for.
PREFIX_SECTORS = {
    "Omladinski centar": "youth",
    "Udruženje žena": "womens-rights",
    "Humanitarna organizacija": "humanitarian",
}
CSO_NAMES = [
    "Nada",
    "Zora",
    "Most",
    "Iskra",
    "Sunce",
    "Izvor",
    "Horizont",
    "Vidik",
    "Korak",
    "Duga",
    "Luč",
    "Put",
    "Sloga",
    "Budućnost",
    "Mladost",
    "Žar",
    "Šansa",
    "Čuvari",
    "Đerdan",
    "Ljubičica",
    "Njiva",
    "Zvono",
    "Vrelo",
    "Sjaj",
    "Osmijeh",
    "Ruka ruci",
    "Zeleni krug",
    "Otvoreni prozor",
    "Novi pogled",
    "Bijela lađa",
]
COMPANY_WORDS = [
    "Tehnika",
    "Agro",
    "Invest",
    "Promet",
    "Gradnja",
    "Soft",
    "Energija",
    "Trade",
    "Mlin",
    "Pekara",
    "Print",
    "Logistika",
    "Pharm",
    "Info",
    "Tekstil",
    "Drvo",
    "Metal",
    "Voće",
    "Mljekara",
    "Telekom",
]
PUBLIC_KINDS = [
    "Javna ustanova Dom zdravlja",
    "JU Centar za socijalni rad",
    "JU Narodna biblioteka",
    "Zavod za zapošljavanje",
    "JU Kulturni centar",
]
DONOR_NAMES = [
    "Fond za razvoj zajednice",
    "Fondacija za otvoreno društvo",
    "Fond za inovacije",
    "Zaklada za lokalnu demokratiju",
    "Fond za mlade lidere",
]
MEDIA_NAMES = ["Radio", "Portal", "TV", "Info", "Glas", "Novine"]

SENTENCES = [
    "Organizacija okuplja {who} iz {place} i okoline te radi na {what}.",
    "Naša misija je da kroz {what} doprinesemo pravednijem društvu u kojem {who} imaju jednake šanse.",
    "Provodimo projekte u oblasti {area}, u saradnji s lokalnim vlastima, školama i drugim organizacijama.",
    "Od osnivanja smo realizovali više od {n} projekata uz podršku domaćih i međunarodnih donatora.",
    "Posebnu pažnju posvećujemo {who}, koji se suočavaju s preprekama u pristupu uslugama.",
    "Organizujemo radionice, obuke, okrugle stolove i javne kampanje o temi {area}.",
    "Zagovaramo promjene javnih politika i pratimo rad institucija na lokalnom i državnom nivou.",
    "Članovi organizacije su volonteri i stručnjaci sa iskustvom u oblasti {area}.",
    "U partnerstvu s kompanijama razvijamo programe društveno odgovornog poslovanja.",
    "Tokom godine pružamo besplatno savjetovanje i pravnu pomoć za {who}.",
    "Sarađujemo sa mrežama organizacija civilnog društva iz regiona i Evropske unije.",
    "Rezultati našeg rada su vidljivi u zajednici: novi servisi, obučeni ljudi i bolja saradnja.",
    "Redovno objavljujemo izvještaje, istraživanja i analize o stanju u oblasti {area}.",
    "Volonteri organizacije su u proteklom periodu uložili hiljade sati rada u lokalnu zajednicu.",
    "Finansiramo se iz grantova, članarina, donacija građana i saradnje sa poslovnim sektorom.",
]
WHO = [
    "mlade",
    "žene",
    "djecu",
    "starije osobe",
    "osobe s invaliditetom",
    "Rome",
    "povratnike",
    "nezaposlene",
    "poljoprivrednike",
    "roditelje",
    "studente",
    "lokalne zajednice",
    "preduzetnike",
    "volontere",
]
STREETS = ["Titova", "Kralja Petra I", "Maršala Tita", "Zmaja od Bosne", "Kneza Miloša", "Ferhadija", "Njegoševa"]
FIRST_NAMES = [
    "Amra",
    "Jasmin",
    "Milica",
    "Nikola",
    "Lejla",
    "Dragan",
    "Selma",
    "Marko",
    "Ivana",
    "Emir",
    "Jelena",
    "Haris",
    "Ana",
    "Stefan",
    "Đorđe",
    "Ljiljana",
]
LAST_NAMES = [
    "Hodžić",
    "Petrović",
    "Kovačević",
    "Jovanović",
    "Begić",
    "Marić",
    "Nikolić",
    "Delić",
    "Popović",
    "Šehić",
    "Đurić",
    "Babić",
]


def _title(rng: random.Random, kind: str, place: str, local_government: str = "Općina") -> str:
    if kind == Organization.Kind.CSO:
        pattern = rng.random()
        if pattern < 0.4:
            return f"{rng.choice(CSO_PREFIXES)} „{rng.choice(CSO_NAMES)}“ {place}"
        if pattern < 0.75:
            prefix = rng.choice(["Centar za", "Udruženje za", "Fondacija za", "Forum za"])
            return f"{prefix} {rng.choice(CSO_FOCUS)} {place}"
        return f"{rng.choice(CSO_PREFIXES)} {rng.choice(CSO_NAMES)}"
    if kind == Organization.Kind.COMPANY:
        return f"{rng.choice(CSO_NAMES)} {rng.choice(COMPANY_WORDS)} d.o.o. {place}"
    if kind == Organization.Kind.PUBLIC_INSTITUTION:
        return f"{rng.choice(PUBLIC_KINDS)} {place}"
    if kind == Organization.Kind.LOCAL_GOVERNMENT:
        return f"{local_government} {place}" if rng.random() < 0.5 else f"Grad {place}"
    if kind == Organization.Kind.DONOR:
        return f"{rng.choice(DONOR_NAMES)} {place}"
    return f"{rng.choice(MEDIA_NAMES)} {place}"


def _local_government_word(municipality: Municipality) -> str:
    """ "Općina" in the Federation of BiH and Brčko, "Opština" in Republika Srpska and Serbia."""
    return "Opština" if _in_serbia_or_srpska(municipality) else "Općina"


def _in_serbia_or_srpska(municipality: Municipality) -> bool:
    return municipality.country_id == "RS" or municipality.region.code == "ba-srp"


def _sectors_the_name_says(name: str, sectors_by_slug: dict[str, Sector]) -> list[Sector]:
    said = [slug for focus, slug in CSO_FOCUS_SECTORS.items() if f" {focus} " in f" {name} "]
    said += [slug for prefix, slug in PREFIX_SECTORS.items() if name.startswith(prefix)]
    return [sectors_by_slug[slug] for slug in said if slug in sectors_by_slug]


def _with_named_sectors(chosen: list[Sector], named: list[Sector]) -> list[Sector]:
    """The sectors the name says come first; the others chosen stay, up to the number chosen."""
    rest = [sector for sector in chosen if sector not in named]
    return (named + rest)[: max(len(chosen), len(named))]


def _abbreviation(name: str) -> str:
    letters = "".join(word[0] for word in name.replace("„", "").replace("“", "").split() if word[:1].isalpha())
    return letters.upper()[:6]


def _description(rng: random.Random, *, place: str, sectors: list[Sector], words: int) -> str:
    sentences, count, pool = [], 0, []
    areas = [sector.name_bs.lower() for sector in sectors] or ["razvoja zajednice"]
    while count < words:
        if not pool:  # every template once before any repeats
            pool = rng.sample(SENTENCES, len(SENTENCES))
        sentence = pool.pop().format(
            who=rng.choice(WHO), place=place, what=rng.choice(CSO_FOCUS), area=rng.choice(areas), n=rng.randint(5, 120)
        )
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


KIND_WEIGHTS = [
    (Organization.Kind.CSO, 70),
    (Organization.Kind.COMPANY, 15),
    (Organization.Kind.PUBLIC_INSTITUTION, 6),
    (Organization.Kind.LOCAL_GOVERNMENT, 3),
    (Organization.Kind.DONOR, 3),
    (Organization.Kind.MEDIA, 3),
]
LEGAL_FORM_FOR_KIND = {
    Organization.Kind.CSO: ["association", "association", "association", "foundation", "union-of-associations"],
    Organization.Kind.COMPANY: ["limited-company", "limited-company", "joint-stock-company"],
    Organization.Kind.PUBLIC_INSTITUTION: ["public-institution", "public-enterprise"],
    Organization.Kind.LOCAL_GOVERNMENT: ["local-government-unit"],
    Organization.Kind.DONOR: ["foundation", "international-organization"],
    Organization.Kind.MEDIA: ["limited-company", "association"],
}


def create_demo_organizations(
    *,
    count: int,
    seed: int = 2026,
    description_words: tuple[int, int] = (80, 200),
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Create `count` published organizations (a few pending) with sectors, goals and profile sections."""
    rng = random.Random(seed)
    now = now or timezone.now()
    municipalities = list(Municipality.objects.select_related("region").order_by("pk"))
    sectors = list(Sector.objects.order_by("pk"))
    sectors_by_slug = {sector.slug: sector for sector in sectors}
    goals = list(SustainableDevelopmentGoal.objects.order_by("pk"))
    legal_forms = {form.slug: form for form in LegalForm.objects.all()}
    kinds = [kind for kind, _weight in KIND_WEIGHTS]
    weights = [weight for _kind, weight in KIND_WEIGHTS]
    # Big cities hold most organizations, as they do in the registers.
    place_weights = [8 if m.kind == Municipality.Kind.CITY else 1 for m in municipalities]
    created_ids: list[int] = []
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        organizations, extras = [], []
        for _index in range(size):
            kind = rng.choices(kinds, weights)[0]
            municipality = rng.choices(municipalities, place_weights)[0]
            chosen_sectors = rng.sample(sectors, rng.randint(1, 4))
            name = _title(rng, kind, municipality.name, _local_government_word(municipality))
            chosen_sectors = _with_named_sectors(chosen_sectors, _sectors_the_name_says(name, sectors_by_slug))
            if _in_serbia_or_srpska(municipality) and rng.random() < 0.25:
                name = cyrtranslit.to_cyrillic(name, "sr")
            age_days = rng.randint(0, 6 * 365)
            confirmed = now - datetime.timedelta(days=rng.randint(0, 3 * 365))
            status = Organization.Status.PUBLISHED if rng.random() > 0.01 else Organization.Status.PENDING
            organization = Organization(
                name=name,
                abbreviation=_abbreviation(name) if rng.random() < 0.5 else "",
                kind=kind,
                legal_form=legal_forms.get(rng.choice(LEGAL_FORM_FOR_KIND[kind])),
                registration_number=f"{rng.randint(1, 99):02d}-{rng.randint(1000, 99999)}/{rng.randint(0, 25):02d}",
                founding_year=rng.randint(1950, now.year) if rng.random() < 0.2 else rng.randint(1995, now.year),
                municipality=municipality,
                address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
                postal_code=str(rng.randint(11000, 89999)),
                mission=_description(rng, place=municipality.name, sectors=chosen_sectors, words=30),
                activities=_description(
                    rng, place=municipality.name, sectors=chosen_sectors, words=rng.randint(*description_words)
                ),
                size=rng.choice(Organization.Size.values),
                website=f"https://www.{Organization.slug_for(name)[:30]}.example" if rng.random() < 0.7 else "",
                email=f"info@{Organization.slug_for(name)[:30]}.example" if rng.random() < 0.8 else "",
                phone=f"+387 {rng.randint(30, 66)} {rng.randint(100, 999)} {rng.randint(100, 999)}"
                if municipality.country_id == "BA"
                else f"+381 {rng.randint(11, 37)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                status=status,
                published_at=now - datetime.timedelta(days=age_days)
                if status == Organization.Status.PUBLISHED
                else None,
                confirmed_at=confirmed if status == Organization.Status.PUBLISHED else None,
                verified_at=confirmed if rng.random() < 0.3 and status == Organization.Status.PUBLISHED else None,
            )
            organization.slug = Organization.slug_for(name)
            organizations.append(organization)
            extras.append((chosen_sectors, rng.sample(goals, rng.randint(0, 3)), rng.random()))
        with transaction.atomic():
            created = Organization.objects.bulk_create(organizations)
            sector_links, goal_links, contacts, programs, finances, results = [], [], [], [], [], []
            for organization, (chosen_sectors, chosen_goals, depth) in zip(created, extras, strict=True):
                sector_links += [
                    Organization.sectors.through(organization_id=organization.pk, sector_id=s.pk)
                    for s in chosen_sectors
                ]
                goal_links += [
                    Organization.goals.through(organization_id=organization.pk, sustainabledevelopmentgoal_id=g.pk)
                    for g in chosen_goals
                ]
                contacts.append(
                    ContactPerson(
                        organization=organization,
                        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                        position=rng.choice(["direktorica", "koordinator", "predsjednik", "sekretarka"]),
                        email=f"kontakt{organization.pk}@example.org",
                    )
                )
                if depth > 0.4:
                    programs.append(
                        Program(
                            organization=organization,
                            title=f"Program: {rng.choice(CSO_FOCUS)}",
                            description=_description(
                                rng, place=organization.municipality.name, sectors=chosen_sectors, words=25
                            ),
                            start_year=rng.randint(2015, 2024),
                        )
                    )
                if depth > 0.6:
                    finances.append(
                        AnnualFinance(
                            organization=organization,
                            year=now.year - 1,
                            income=rng.randint(5, 900) * 1000,
                            currency="BAM" if organization.municipality.country_id == "BA" else "RSD",
                            main_sources="strani donatori, lokalna samouprava, članarine",
                        )
                    )
                if depth > 0.8:
                    results.append(
                        Result(
                            organization=organization,
                            year=now.year - 1,
                            title=f"Rezultat: {rng.choice(CSO_FOCUS)}",
                            description=_description(
                                rng, place=organization.municipality.name, sectors=chosen_sectors, words=20
                            ),
                        )
                    )
            Organization.sectors.through.objects.bulk_create(sector_links)
            Organization.goals.through.objects.bulk_create(goal_links)
            ContactPerson.objects.bulk_create(contacts)
            Program.objects.bulk_create(programs)
            AnnualFinance.objects.bulk_create(finances)
            Result.objects.bulk_create(results)
        created_ids += [organization.pk for organization in created]
        if progress:
            progress(size)
    services.refresh_completeness_in_bulk(ids=created_ids)
    return len(created_ids)
