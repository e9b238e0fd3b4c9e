"""Demo calls, news and saved searches at any scale (deterministic for a seed), for the demo site and
the benchmark. Texts are in Bosnian and Serbian, some in Cyrillic."""

import datetime
import random
import zoneinfo
from collections.abc import Callable
from decimal import Decimal

import cyrtranslit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from spona.calls import services
from spona.calls.models import Call, Currency, EditorialState, NewsPost, SavedSearch, Tag
from spona.core import text_search
from spona.core.models import Country, Region, Sector
from spona.core.normalization import url_slug
from spona.directory.models import Organization

FUNDERS = [
    "Delegacija Evropske unije u BiH", "Delegacija EU u Srbiji", "USAID", "Ambasada Švedske", "Fondacija Mozaik",
    "Balkanski fond za demokratiju", "Fondacija za otvoreno društvo", "Ministarstvo za ljudska prava i izbjeglice",
    "Grad Sarajevo", "Grad Novi Sad", "UNDP", "Kanton Sarajevo", "Evropski fond za Balkan", "Švajcarska ambasada",
    "Министарство за људска и мањинска права", "Фондација Трагови", "Grad Tuzla", "Opština Prijedor",
]  # fmt: skip
# Each topic with the sectors a call or a post on it is tagged with (slugs of the reference sectors).
TOPIC_SECTORS = {
    "ljudskih prava": ["human-rights", "justice"],
    "prava žena": ["womens-rights", "gender-equality"],
    "zapošljavanja mladih": ["youth", "employment"],
    "zaštite okoliša": ["environment"],
    "ruralnog razvoja": ["agriculture", "local-development"],
    "socijalne uključenosti": ["social-inclusion"],
    "osoba s invaliditetom": ["disability", "social-inclusion"],
    "borbe protiv korupcije": ["anti-corruption", "democracy"],
    "kulture i umjetnosti": ["culture"],
    "zdravlja zajednice": ["health"],
    "lokalnog razvoja": ["local-development"],
    "prava Roma": ["minorities-roma", "human-rights"],
    "podrške starijima": ["elderly", "social-inclusion"],
    "energetske efikasnosti": ["environment"],
    "medijske pismenosti": ["media", "education"],
    "volonterizma": ["philanthropy"],
    "društvenog preduzetništva": ["social-entrepreneurship", "employment"],
    "izgradnje mira": ["peacebuilding"],
    "besplatne pravne pomoći": ["justice", "human-rights"],
}
TOPICS = list(TOPIC_SECTORS)
# Deadlines fall where funders put them: at noon, at the end of office hours or at the end of the day, in the
# call's own time zone.
DEADLINE_TIMES = [datetime.time(12, 0), datetime.time(15, 0), datetime.time(16, 0), datetime.time(23, 59)]
FORMATS = [
    "Javni poziv za podršku projektima {topic}", "Poziv za dostavljanje prijedloga projekata u oblasti {topic}",
    "Konkurs za finansiranje programa {topic}", "Mali grantovi za inicijative {topic}",
    "Javni konkurs za udruženja: oblast {topic}", "Poziv organizacijama civilnog društva u oblasti {topic}",
]  # fmt: skip
SENTENCES = [
    "Cilj poziva je jačanje kapaciteta organizacija civilnog društva u oblasti {topic}.",
    "Podržat će se projekti koji uključuju lokalne zajednice i ranjive grupe.",
    "Prijave se podnose putem obrasca, uz budžet i plan aktivnosti.",
    "Prednost imaju partnerstva udruženja, lokalnih vlasti i preduzeća.",
    "Trajanje projekta je od šest do osamnaest mjeseci.",
    "Organizacije mogu podnijeti najviše jednu prijavu.",
    "Informativna sesija za potencijalne podnosioce održat će se online.",
    "Projekti trebaju doprinijeti ciljevima održivog razvoja.",
    "Sufinansiranje se može obezbijediti i u naturi.",
]  # fmt: skip
# Each news headline with the tag it is filed under.
NEWS_TITLES = [
    ("Održana radionica o temi {topic}", "radionica"), ("Nova mreža organizacija za oblast {topic}", "mreža"),
    ("Rezultati istraživanja iz oblasti {topic}", "istraživanje"),
    ("Potpisan sporazum o saradnji u oblasti {topic}", "partnerstvo"),
    ("Volonteri okupljeni oko akcije {topic}", "volonteri"), ("Konferencija o budućnosti {topic}", "konferencija"),
    ("Predstavljen izvještaj o stanju {topic}", "izvještaj"), ("Dodijeljeni grantovi za projekte {topic}", "grantovi"),
]  # fmt: skip
NEWS_SENTENCES = [
    "Skupu su prisustvovali predstavnici organizacija civilnog društva, lokalnih vlasti i donatora.",
    "Učesnici su razgovarali o iskustvima i preprekama u oblasti {topic}.",
    "Organizatori su najavili nastavak aktivnosti u narednim mjesecima.",
    "Predstavljeni su primjeri dobre prakse iz Bosne i Hercegovine i Srbije.",
    "Zaključci će biti upućeni nadležnim institucijama.",
    "Više od trideset organizacija uključilo se u aktivnosti tokom godine.",
    "Materijali sa skupa dostupni su na internet stranici organizatora.",
]  # fmt: skip
CALL_TIME_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)
TAGS = ["radionica", "konferencija", "istraživanje", "mreža", "volonteri", "grantovi", "partnerstvo", "izvještaj"]


def _text(rng: random.Random, topic: str, sentences: int, pool: list[str] = SENTENCES) -> str:
    return " ".join(rng.choice(pool).format(topic=topic) for _ in range(sentences))


def _topic_sectors(sectors_by_slug: dict[str, int], topic: str, rng: random.Random) -> list[int]:
    """The topic's own sectors: all of them, or the first alone."""
    own = [sectors_by_slug[slug] for slug in TOPIC_SECTORS[topic] if slug in sectors_by_slug]
    return own if rng.random() < 0.6 else own[:1]


def _deadline(published: datetime.datetime, rng: random.Random) -> datetime.datetime:
    local_day = timezone.localtime(published, CALL_TIME_ZONE).date() + datetime.timedelta(days=rng.randint(14, 75))
    return datetime.datetime.combine(local_day, rng.choice(DEADLINE_TIMES), tzinfo=CALL_TIME_ZONE)


def _maybe_cyrillic(rng: random.Random, text: str) -> str:
    return cyrtranslit.to_cyrillic(text, "sr") if rng.random() < 0.15 else text


def create_demo_calls(
    *,
    count: int,
    seed: int = 21,
    now: datetime.datetime | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 2000,
) -> int:
    """Calls published over the last years at about 14 a day, so most are closed and those of the last
    weeks open; indexed for search."""
    rng = random.Random(seed)
    now = now or timezone.now()
    span_days = max(30.0, count / 14)
    sectors_by_slug = dict(Sector.objects.values_list("slug", "pk"))
    regions = list(Region.objects.values_list("pk", flat=True))
    countries = list(Country.objects.values_list("code", flat=True))
    donors = list(Organization.objects.filter(kind=Organization.Kind.DONOR).values_list("pk", flat=True)[:200])
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        calls, topics = [], []
        for _index in range(size):
            topic = rng.choice(TOPICS)
            # About 14 new calls a day (a busy national portal), so the newest are open and older ones closed.
            published = now - datetime.timedelta(days=rng.uniform(0, span_days))
            deadline = _deadline(published, rng)
            currency = rng.choice([Currency.BAM, Currency.BAM, Currency.RSD, Currency.EUR, Currency.USD])
            base = {"BAM": 5000, "RSD": 300000, "EUR": 3000, "USD": 3000}[currency]
            amount_max = Decimal(base * rng.choice([2, 5, 10, 20, 50]))
            amount_min = (amount_max / 10).quantize(Decimal(1)) if rng.random() < 0.6 else None
            call = Call(
                title=_maybe_cyrillic(rng, rng.choice(FORMATS).format(topic=topic))[:255],
                summary=_text(rng, topic, 2),
                body="## "
                + "Opis poziva\n\n"
                + _text(rng, topic, rng.randint(4, 12))
                + "\n\n* Rok za prijave\n* Budžet",
                funder_id=rng.choice(donors) if donors and rng.random() < 0.3 else None,
                funder_name=rng.choice(FUNDERS),
                applicant_kinds=rng.choice([[], [], ["cso"], ["cso", "local-gov"], ["cso", "company"]]),
                countries=rng.choice([[], [rng.choice(countries)]]) if countries else [],
                min_organization_age=rng.choice([None, None, None, 1, 2, 3]),
                amount_min=amount_min,
                amount_max=amount_max,
                currency=currency,
                cofinancing_percent=rng.choice([None, None, 10, 20]),
                deadline=deadline,
                state=EditorialState.PUBLISHED,
                publish_at=published,
            )
            services.prepare_item(call)
            call.slug = url_slug(call.title)
            calls.append(call)
            topics.append(topic)
        with transaction.atomic():
            Call.objects.bulk_create(calls)
            sector_links, region_links = [], []
            for call, topic in zip(calls, topics, strict=True):
                for sector_id in _topic_sectors(sectors_by_slug, topic, rng):
                    sector_links.append(Call.sectors.through(call_id=call.pk, sector_id=sector_id))
                if regions and rng.random() < 0.2:
                    region_links.append(Call.regions.through(call_id=call.pk, region_id=rng.choice(regions)))
            Call.sectors.through.objects.bulk_create(sector_links)
            Call.regions.through.objects.bulk_create(region_links)
            text_search.write_documents(
                text_search.index_table(Call), [(call.pk, services.call_text(call)) for call in calls]
            )
        made += size
        if progress:
            progress(size)
    return made


def create_demo_news(
    *,
    count: int,
    seed: int = 22,
    now: datetime.datetime | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 5000,
) -> int:
    rng = random.Random(seed)
    now = now or timezone.now()
    sectors_by_slug = dict(Sector.objects.values_list("slug", "pk"))
    tags = {name: Tag.objects.get_or_create(slug=name, defaults={"name": name})[0] for name in TAGS}
    made = 0
    while made < count:
        size = min(batch_size, count - made)
        posts, filing = [], []
        for _index in range(size):
            topic = rng.choice(TOPICS)
            headline, tag = rng.choice(NEWS_TITLES)
            post = NewsPost(
                title=_maybe_cyrillic(rng, headline.format(topic=topic)),
                lead=_text(rng, topic, 2, NEWS_SENTENCES),
                body=_text(rng, topic, rng.randint(5, 15), NEWS_SENTENCES),
                state=EditorialState.PUBLISHED,
                publish_at=now - datetime.timedelta(days=rng.random() * 6 * 365),
            )
            services.prepare_item(post)
            post.slug = url_slug(post.title)
            posts.append(post)
            filing.append((topic, tags[tag]))
        with transaction.atomic():
            NewsPost.objects.bulk_create(posts)
            NewsPost.sectors.through.objects.bulk_create(
                [
                    NewsPost.sectors.through(newspost_id=post.pk, sector_id=sector_id)
                    for post, (topic, _tag) in zip(posts, filing, strict=True)
                    for sector_id in _topic_sectors(sectors_by_slug, topic, rng)
                ]
            )
            NewsPost.tags.through.objects.bulk_create(
                [
                    NewsPost.tags.through(newspost_id=post.pk, tag_id=tag.pk)
                    for post, (_topic, tag) in zip(posts, filing, strict=True)
                ]
            )
            text_search.write_documents(
                text_search.index_table(NewsPost), [(p.pk, f"{p.title} {p.lead} {p.body}") for p in posts]
            )
        made += size
        if progress:
            progress(size)
    return made


def create_demo_saved_searches(
    *,
    count: int,
    per_user: int = 2,
    seed: int = 23,
    now: datetime.datetime | None = None,
    progress: Callable[[int], None] | None = None,
    batch_size: int = 5000,
) -> int:
    """`count` saved searches of `count / per_user` new users, most daily, some with words, sectors,
    regions or amounts; all last checked a day ago (so a daily run finds them due)."""
    rng = random.Random(seed)
    now = now or timezone.now()
    user_model = get_user_model()
    sectors = list(Sector.objects.values_list("pk", flat=True))
    regions = list(Region.objects.values_list("pk", flat=True))
    made = 0
    first = user_model.objects.count()
    while made < count:
        size = min(batch_size, count - made)
        users = [
            user_model(
                username=f"alerts-{first + made + i}",
                email=f"alerts-{first + made + i}@example.org",
                password="!",
                language=rng.choice(["bs", "sr-latn", "sr", "en"]),
            )
            for i in range(0, size, per_user)
        ]
        with transaction.atomic():
            user_model.objects.bulk_create(users)
            searches = []
            for user in users:
                for _index in range(per_user):
                    topic = rng.choice(TOPICS)
                    searches.append(
                        SavedSearch(
                            user=user,
                            name=topic,
                            keywords=rng.choice(["", "", topic.split()[0], "mladi", "grantovi"]),
                            amount_min_eur=rng.choice([None, None, Decimal(1000)]),
                            frequency=rng.choice(["daily"] * 8 + ["weekly", "immediate"]),
                            token=f"bench-{first + made + len(searches)}-{rng.getrandbits(64):x}",
                            checked_until=now - datetime.timedelta(days=1, minutes=5),
                        )
                    )
            searches = searches[:size]
            SavedSearch.objects.bulk_create(searches)
            SavedSearch.sectors.through.objects.bulk_create(
                [
                    SavedSearch.sectors.through(savedsearch_id=s.pk, sector_id=rng.choice(sectors))
                    for s in searches
                    if sectors and rng.random() < 0.6
                ]
            )
            SavedSearch.regions.through.objects.bulk_create(
                [
                    SavedSearch.regions.through(savedsearch_id=s.pk, region_id=rng.choice(regions))
                    for s in searches
                    if regions and rng.random() < 0.3
                ]
            )
        made += size
        if progress:
            progress(size)
    return made


def create_demo_alert(*, user) -> SavedSearch:
    search = services.save_search(
        user=user,
        fields={"name": "Mladi", "keywords": "mladi", "frequency": SavedSearch.Frequency.WEEKLY},
    )
    return search
