"""API endpoints for places and taxonomies: the codes that the directory's filters take."""

from ninja import Router, Schema

from spona.core.models import LegalForm, Municipality, Region, Sector, SustainableDevelopmentGoal

router = Router(tags=["reference"])


class TaxonomyOut(Schema):
    code: str
    name_en: str
    name_bs: str
    name_sr_latn: str
    name_sr_cyrl: str


class GoalOut(TaxonomyOut):
    number: int


class RegionOut(Schema):
    code: str
    kind: str
    name: str
    name_cyrl: str
    country: str
    parent: str | None


class MunicipalityOut(Schema):
    code: str
    kind: str
    name: str
    name_cyrl: str
    country: str
    region: str
    city: str | None


def _taxonomy(item) -> dict:
    return {
        "code": item.slug,
        "name_en": item.name_en,
        "name_bs": item.name_bs,
        "name_sr_latn": item.name_sr_latn,
        "name_sr_cyrl": item.name_sr_cyrl,
    }


@router.get("/sectors", response=list[TaxonomyOut], summary="Sectoral areas")
def list_sectors(request):
    return [_taxonomy(sector) for sector in Sector.objects.all()]


@router.get("/goals", response=list[GoalOut], summary="UN Sustainable Development Goals")
def list_goals(request):
    return [{**_taxonomy(goal), "number": goal.number} for goal in SustainableDevelopmentGoal.objects.all()]


@router.get("/legal-forms", response=list[TaxonomyOut], summary="Legal forms")
def list_legal_forms(request):
    return [_taxonomy(form) for form in LegalForm.objects.all()]


@router.get("/regions", response=list[RegionOut], summary="Entities, cantons, districts and provinces")
def list_regions(request):
    return [
        {
            "code": r.code,
            "kind": r.kind,
            "name": r.name,
            "name_cyrl": r.name_cyrl,
            "country": r.country_id,
            "parent": r.parent.code if r.parent else None,
        }
        for r in Region.objects.select_related("parent")
    ]


@router.get("/municipalities", response=list[MunicipalityOut], summary="Municipalities and cities")
def list_municipalities(request):
    return [
        {
            "code": m.code,
            "kind": m.kind,
            "name": m.name,
            "name_cyrl": m.name_cyrl,
            "country": m.country_id,
            "region": m.region.code,
            "city": m.city.code if m.city else None,
        }
        for m in Municipality.objects.select_related("region", "city")
    ]
