"""Places and taxonomies loaded from spona/core/data/: the right numbers, the right tree, safe to load again."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import translation

from spona.core.models import (
    CapacityDomain,
    Country,
    LegalForm,
    Municipality,
    Region,
    Sector,
    SustainableDevelopmentGoal,
)
from spona.core.reference_data import load_reference_data

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    """Every stored row of every reference table, by primary key."""
    models = [Country, Region, Municipality, Sector, SustainableDevelopmentGoal, LegalForm, CapacityDomain]
    return {model.__name__: {row[model._meta.pk.attname]: row for row in model.objects.values()} for model in models}


def test_bosnia_and_herzegovina_has_three_entities_ten_cantons_and_145_municipalities():
    regions = Region.objects.filter(country="BA")

    entities = regions.filter(kind=Region.Kind.ENTITY)
    cantons = regions.filter(kind=Region.Kind.CANTON)
    assert sorted(entities.values_list("code", flat=True)) == ["ba-bih", "ba-brc", "ba-srp"]
    assert entities.filter(parent__isnull=True).count() == 3
    assert cantons.count() == 10
    assert set(cantons.values_list("parent__code", flat=True)) == {"ba-bih"}
    assert Municipality.objects.filter(country="BA").count() == 145
    assert Municipality.objects.filter(country="BA", region__kind=Region.Kind.CANTON).count() == 80
    assert Municipality.objects.filter(country="BA", region__code="ba-srp").count() == 64
    assert list(Municipality.objects.filter(region__code="ba-brc").values_list("name", flat=True)) == ["Brčko"]
    assert Municipality.objects.filter(country="BA", kind=Municipality.Kind.CITY).count() == 36
    assert Region.objects.get(name="Kanton Sarajevo").municipalities.count() == 10


def test_serbia_has_its_districts_and_173_municipalities():
    districts = Region.objects.filter(country="RS", kind=Region.Kind.DISTRICT)

    assert districts.count() == 25  # the City of Belgrade and 24 districts, without Kosovo
    assert districts.get(code="rs-00").name_en == "City of Belgrade"
    assert list(Region.objects.filter(kind=Region.Kind.PROVINCE).values_list("code", flat=True)) == ["rs-vojvodina"]
    assert districts.filter(parent__code="rs-vojvodina").count() == 7
    assert Municipality.objects.filter(country="RS").count() == 173
    by_city = dict(
        Municipality.objects.filter(city__isnull=False)
        .values("city__code")
        .annotate(n=Count("pk"))
        .values_list("city__code", "n")
    )
    assert by_city == {"rs-beograd": 17, "rs-nis": 5, "rs-pozarevac": 2, "rs-uzice": 2, "rs-vranje": 2}
    assert set(Municipality.objects.filter(city__isnull=False).values_list("kind", flat=True)) == {
        Municipality.Kind.CITY_MUNICIPALITY
    }
    assert not Municipality.objects.filter(country="RS", name_cyrl="").exists()


def test_places_have_unique_codes_and_names_in_both_scripts():
    cukarica = Municipality.objects.get(code="rs-beograd-cukarica")
    kupres = Municipality.objects.filter(name="Kupres").order_by("code")

    assert (cukarica.name, cukarica.name_cyrl, cukarica.city.code, cukarica.region.code) == (
        "Čukarica",
        "Чукарица",
        "rs-beograd",
        "rs-00",
    )
    assert [(m.code, m.region.code) for m in kupres] == [
        ("ba-fbih-kupres", Region.objects.get(name="Kanton 10").code),
        ("ba-rs-kupres", "ba-srp"),
    ]
    assert Municipality.objects.get(code="ba-fbih-bihac").name_cyrl == "Бихаћ"  # derived from the Latin name
    assert [region.code for region in Municipality.objects.get(code="rs-novi-sad").region_chain()] == [
        "rs-06",
        "rs-vojvodina",
    ]


def test_taxonomies():
    assert Sector.objects.count() == 36
    assert Sector.objects.filter(is_cssp_area=True).count() == 12
    assert list(SustainableDevelopmentGoal.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert LegalForm.objects.count() == 16
    assert LegalForm.objects.get(slug="endowment").countries == "RS"
    environment = Sector.objects.get(slug="environment")
    assert (environment.name_bs, environment.name_sr_latn, environment.name_sr_cyrl) == (
        "Okoliš i energetska efikasnost",
        "Životna sredina i energetska efikasnost",
        "Животна средина и енергетска ефикасност",
    )


def test_loading_again_changes_nothing():
    before = _snapshot()
    assert (len(before["Municipality"]), len(before["Region"]), len(before["Sector"])) == (364, 61, 36)

    summary = load_reference_data()

    assert _snapshot() == before
    assert (summary.sectors, summary.goals, summary.legal_forms, summary.municipalities) == (36, 17, 16, 364)
    assert summary.capacity_domains == CapacityDomain.objects.count() == 13
    # Regions are counted each time one is written: 3 entities, 10 cantons, 1 province, 25 districts (BA, RS);
    # Montenegro as a whole, 21 counties of Croatia.
    assert summary.regions == 61
    assert Region.objects.count() == 61


def test_loading_puts_back_what_was_changed_by_hand():
    Sector.objects.filter(slug="youth").update(name_en="Young people", position=99)
    Municipality.objects.filter(code="rs-novi-sad").update(name_cyrl="")

    load_reference_data()

    youth = Sector.objects.get(slug="youth")
    assert (youth.name_en, youth.position) == ("Youth", 12)
    assert Municipality.objects.get(code="rs-novi-sad").name_cyrl == "Нови Сад"


def test_the_command_reports_what_it_loaded():
    out = io.StringIO()

    call_command("load_reference_data", stdout=out)

    assert (
        out.getvalue().strip()
        == "36 sectors, 17 goals, 16 legal forms, 13 capacity domains, 61 regions, 364 municipalities"
    )


def test_kosovo_is_loaded_only_when_asked_for():
    before = Municipality.objects.count()

    load_reference_data(include_kosovo=True)

    assert Municipality.objects.count() == before + 29
    kosovo = Region.objects.get(kind=Region.Kind.PROVINCE, code="rs-kosovo-metohija")
    assert Region.objects.filter(parent=kosovo, kind=Region.Kind.DISTRICT).count() == 5
    assert Municipality.objects.filter(region__parent=kosovo).count() == 29


def test_every_canton_district_and_province_has_an_english_name():
    unnamed = Region.objects.filter(name_en="").values_list("name", flat=True)

    assert list(unnamed) == []
    assert Region.objects.get(code="rs-20").name_en == "Nišava District"
    assert Region.objects.get(name="Unsko-sanski kanton").name_en == "Una-Sana Canton"


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", {"Kupres (Federation of Bosnia and Herzegovina)", "Kupres (Republika Srpska)"}),
        ("bs", {"Kupres (Federacija Bosne i Hercegovine)", "Kupres (Republika Srpska)"}),
        ("sr", {"Купрес (Федерација Босне и Херцеговине)", "Купрес (Република Српска)"}),
    ],
)
def test_municipalities_of_the_same_name_say_which_they_are(language, names):
    with translation.override(language):
        assert {m.display_name for m in Municipality.objects.filter(name="Kupres")} == names


def test_each_namesake_is_told_apart_by_what_differs():
    with translation.override("bs"):
        labels = {str(m) for m in Municipality.objects.filter(name__in=["Palilula", "Užice", "Trnovo", "Vranje"])}
        assert labels == {
            "Palilula (Beograd)", "Palilula (Niš)", "Užice (grad)", "Užice (gradska općina)",
            "Trnovo (Federacija Bosne i Hercegovine)", "Trnovo (Republika Srpska)", "Vranje (grad)",
            "Vranje (gradska općina)",
        }  # fmt: skip
        # Every other name stays as it is.
        assert str(Municipality.objects.get(name="Tuzla")) == "Tuzla"
    names = [str(m) for m in Municipality.objects.all()]
    assert len(names) == len(set(names))


def test_montenegro_and_croatia_have_their_places():
    assert Municipality.objects.filter(country="ME").count() == 25
    assert Municipality.objects.get(code="me-niksic").region.name == "Crna Gora"
    assert Region.objects.filter(country="HR", kind=Region.Kind.COUNTY).count() == 21
    assert Municipality.objects.get(code="hr-split").region.name == "Splitsko-dalmatinska županija"
