"""POST data for the directory's forms, built from stored objects as a browser would send them, and the
fields of a new profile as the services take them."""

from django.db.models import Model

from spona.core.models import Municipality, Sector
from spona.directory.forms import OrganizationForm
from spona.directory.models import Organization


def _form_value(value):
    if value is None:
        return ""
    if isinstance(value, Model):
        return value.pk
    return value


def profile_form_data(organization: Organization, **changes) -> dict:
    """Every field of the profile form as the edit page would submit it, with `changes` applied."""
    data = {}
    for name in OrganizationForm.Meta.fields:
        if name == "logo":
            continue
        if name in {"sectors", "goals"}:
            data[name] = [item.pk for item in getattr(organization, name).all()]
        else:
            data[name] = _form_value(getattr(organization, name))
    data.update(changes)
    return data


def new_profile_data(**changes) -> dict:
    """A complete registration of a new organization."""
    data = {
        "name": "Udruženje Novi Početak",
        "kind": Organization.Kind.CSO,
        "municipality": Municipality.objects.get(code="ba-fbih-centar-sarajevo").pk,
        "mission": "Osnaživanje mladih kroz volonterizam.",
        "email": "info@novipocetak.example.org",
        "founding_year": 2019,
        "sectors": [Sector.objects.get(slug="youth").pk],
    }
    data.update(changes)
    return data


def section_form_data(section: str, rows: list[dict], *, initial: int = 0) -> dict:
    """A formset submission for one profile section (contacts, programs, finances, results)."""
    data = {
        f"{section}-TOTAL_FORMS": str(len(rows)),
        f"{section}-INITIAL_FORMS": str(initial),
        f"{section}-MIN_NUM_FORMS": "0",
        f"{section}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{section}-{index}-{key}": value for key, value in row.items()})
    return data


SECTION_ROWS = {
    "contacts": {"name": "Amra Hodžić", "position": "Direktorica", "email": "amra@example.org", "phone": "061 000 000"},
    "programs": {"title": "Škola aktivizma", "description": "Obuke za mlade.", "start_year": "2021", "end_year": ""},
    "finances": {"year": "2023", "income": "150000.00", "expenditure": "", "currency": "BAM", "main_sources": ""},
    "results": {"year": "2023", "title": "300 mladih obučeno", "description": ""},
}


def registration_fields(**changes) -> dict:
    """What register_organization takes for a complete new profile, with `changes` applied."""
    fields = {
        "name": "Udruženje Zeleni Krug",
        "kind": Organization.Kind.CSO,
        "municipality": Municipality.objects.get(code="ba-fbih-centar-sarajevo"),
        "mission": "Zaštita okoliša i reciklaža.",
        "email": "info@zelenikrug.example.org",
    }
    fields.update(changes)
    return fields
