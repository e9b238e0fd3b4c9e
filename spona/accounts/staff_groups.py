"""The groups staff of the center belong to, with the back-office permissions each one needs."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

# Group name -> (app label, model) pairs whose view/add/change/delete permissions it gets.
STAFF_GROUPS: dict[str, list[tuple[str, str]]] = {
    "Directory moderators": [
        ("directory", "organization"),
        ("directory", "contactperson"),
        ("directory", "program"),
        ("directory", "annualfinance"),
        ("directory", "result"),
        ("directory", "directoryimport"),
        ("accounts", "membership"),
    ],
    "Reference data editors": [
        ("core", "sector"),
        ("core", "sustainabledevelopmentgoal"),
        ("core", "legalform"),
        ("core", "region"),
        ("core", "municipality"),
        ("core", "capacitydomain"),
    ],
    "Editors": [
        ("calls", "call"),
        ("calls", "calllink"),
        ("calls", "callattachment"),
        ("calls", "newspost"),
        ("calls", "tag"),
        ("calls", "savedsearch"),
        ("calls", "alertdigest"),
    ],
    "Fair organizers": [
        ("fair", "fairedition"),
        ("fair", "fairparticipant"),
        ("fair", "representative"),
        ("fair", "proposal"),
        ("fair", "proposalcomment"),
        ("fair", "meetingrequest"),
        ("fair", "meeting"),
        ("fair", "schedulerun"),
        ("fair", "partnership"),
    ],
    "Capacity-building coordinators": [
        ("capacity", "framework"),
        ("capacity", "frameworkversion"),
        ("capacity", "scalelevel"),
        ("capacity", "domain"),
        ("capacity", "subarea"),
        ("capacity", "leveldescriptor"),
    ],
    "Data protection officers": [
        ("privacy", "datarequest"),
        ("privacy", "privatedataview"),
        ("privacy", "consent"),
        ("privacy", "retentionperiod"),
    ],
    "Site operators": [
        ("core", "outgoingemail"),
        ("django_tasks_database", "dbtaskresult"),
    ],
    "Training coordinators": [
        ("learning", "trainer"),
        ("learning", "course"),
        ("learning", "trainingsession"),
        ("learning", "registration"),
        ("learning", "attendance"),
        ("learning", "feedback"),
        ("learning", "certificate"),
    ],
}


@transaction.atomic
def ensure_staff_groups() -> dict[str, int]:
    """Create the groups (or bring their permissions up to date); returns permissions per group."""
    counts = {}
    for name, models in STAFF_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            permission
            for app_label, model in models
            for permission in Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
        ]
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
