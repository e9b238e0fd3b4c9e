"""Assessment frameworks: loading the shipped data files, frozen published versions, new versions, publishing
and clones, and who may do it."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from spona.capacity import services
from spona.capacity.models import Domain, Framework, FrameworkVersion, FrozenVersionError, LevelDescriptor, Subarea
from tests.capacity.conftest import framework_data

pytestmark = pytest.mark.django_db


def test_a_framework_file_becomes_a_published_version_in_every_language(published_version):
    version = published_version

    assert version.number == 1 and version.is_frozen and version.published_at
    assert version.framework.is_shipped
    assert version.levels.count() == 4
    domains = list(version.domains.all())
    assert [domain.slug for domain in domains] == ["domain-1", "domain-2"]
    assert domains[0].capacity_domain.slug == "governance" and domains[1].capacity_domain is None
    subarea = Subarea.objects.get(domain=domains[0], slug="subarea-1")
    assert sorted(subarea.descriptors.values_list("score", flat=True)) == [1, 2, 3, 4]
    assert subarea.evidence_examples() == ["A written policy", "Minutes"]
    with translation.override("sr"):
        assert subarea.name == "Суб-ареа 1.1 (ср)"
        assert subarea.descriptors.get(score=2).descriptor.startswith("Десцриптор")
    with translation.override("bs"):
        assert subarea.question == "Does the organization do 1.1? (bs)"


def test_loading_an_unchanged_file_again_makes_no_version(write_framework, published_version):
    assert services.load_framework_file(write_framework(framework_data())) is None
    assert FrameworkVersion.objects.count() == 1


def test_a_changed_file_makes_a_new_version_and_leaves_the_old_one_as_it_was(write_framework, published_version):
    second = services.load_framework_file(write_framework(framework_data(subareas=3, note=" v2")))

    assert second.number == 2 and second.is_frozen
    assert Subarea.objects.filter(domain__version=published_version).count() == 4
    assert Subarea.objects.filter(domain__version=second).count() == 6
    assert Framework.objects.get().name_en == "Test framework v2"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["name"].pop("bs"), "name needs en, bs and sr_latn"),
        (lambda d: d["levels"].pop(), "levels must name each score"),
        (lambda d: d["domains"][0]["subareas"][0]["levels"].pop("4"), "levels must describe each score"),
        (lambda d: d["domains"][1].update(slug="domain-1"), "used twice"),
        (lambda d: d["domains"][0].update(capacity_domain="astrology"), "no capacity domain"),
        (lambda d: d["domains"][0].update(subareas=[]), "no sub-areas"),
        (lambda d: d.update(slug="Not A Slug"), "is not lowercase"),
    ],
)
def test_a_broken_file_is_refused_saying_where_and_loads_nothing(write_framework, change, message):
    data = framework_data()
    change(data)

    with pytest.raises(services.FrameworkFileError, match=message):
        services.load_framework_file(write_framework(data))
    assert not Domain.objects.exists() and not FrameworkVersion.objects.exists()


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")

    with pytest.raises(services.FrameworkFileError, match="not JSON"):
        services.load_framework_file(path)


def test_a_published_version_is_frozen(published_version):
    domain = published_version.domains.first()
    domain.name_en = "Changed"
    descriptor = LevelDescriptor.objects.filter(subarea__domain=domain).first()
    descriptor.text_en = "Changed"

    with pytest.raises(FrozenVersionError):
        domain.save()
    with pytest.raises(FrozenVersionError):
        descriptor.save()
    with pytest.raises(ValidationError, match="already published"):
        services.publish_version(version=published_version)


def test_a_new_version_is_a_draft_copy_to_change_and_publish(published_version):
    draft = services.start_new_version(framework=published_version.framework)

    assert draft.number == 2 and not draft.is_frozen
    assert Subarea.objects.filter(domain__version=draft).count() == 4
    assert LevelDescriptor.objects.filter(subarea__domain__version=draft).count() == 16
    domain = draft.domains.get(slug="domain-1")
    domain.name_sr_latn = "Upravljanje i liderstvo"
    domain.save()
    assert Domain.objects.get(pk=domain.pk).name_sr_cyrl == "Управљање и лидерство"
    assert published_version.domains.get(slug="domain-1").name_sr_latn == "Domain 1 (sr)"
    with pytest.raises(ValidationError, match="already has a draft"):
        services.start_new_version(framework=published_version.framework)

    services.publish_version(version=draft, changes="Clearer names.")

    assert FrameworkVersion.objects.get(pk=draft.pk).is_frozen
    assert published_version.framework.latest_published() == draft


def test_an_incomplete_draft_cannot_be_published(published_version):
    draft = services.start_new_version(framework=published_version.framework)
    LevelDescriptor.objects.filter(subarea__domain__version=draft, score=3).first().delete()
    Subarea.objects.filter(domain__version=draft, domain__slug="domain-2").delete()

    with pytest.raises(ValidationError) as refused:
        services.publish_version(version=draft)

    messages = " ".join(refused.value.messages)
    assert "needs a descriptor for each score" in messages and "has no sub-areas" in messages
    assert not FrameworkVersion.objects.get(pk=draft.pk).is_frozen


def test_cloning_a_framework_for_a_program_is_one_action(published_version):
    clone = services.clone_framework(version=published_version, slug="program-2027", name_en="Program 2027")

    assert clone.cloned_from == published_version and not clone.is_shipped
    draft = clone.versions.get()
    assert draft.number == 1 and not draft.is_frozen
    assert Subarea.objects.filter(domain__version=draft).count() == 4
    with pytest.raises(ValidationError):
        services.clone_framework(version=published_version, slug="program-2027", name_en="Again")
    with pytest.raises(ValidationError):
        services.clone_framework(version=published_version, slug="Bad slug", name_en="Bad")


def test_only_capacity_building_coordinators_change_frameworks(published_version, staff_in_group, member_user):
    coordinator = staff_in_group("Capacity-building coordinators")
    for outsider in (staff_in_group("Editors"), member_user):
        with pytest.raises(PermissionDenied):
            services.start_new_version(framework=published_version.framework, user=outsider)
        with pytest.raises(PermissionDenied):
            services.clone_framework(version=published_version, slug="x", name_en="X", user=outsider)

    draft = services.start_new_version(framework=published_version.framework, user=coordinator)
    services.publish_version(version=draft, user=coordinator)


def test_the_shipped_frameworks_load_and_load_once():
    versions = services.load_shipped_frameworks()

    frameworks = {version.framework.slug: version for version in versions}
    assert set(frameworks) == {"oca", "spona-capacity"}
    oca = frameworks["oca"]
    assert oca.domains.count() == 7
    assert 40 <= Subarea.objects.filter(domain__version=oca).count() <= 50
    own = frameworks["spona-capacity"]
    assert not own.domains.filter(capacity_domain__isnull=True).exists()
    assert services.incomplete_parts(oca) == [] and services.incomplete_parts(own) == []
    assert services.load_shipped_frameworks() == []


def test_the_shipped_files_are_written_in_every_language():
    for path in sorted(services.SHIPPED_FRAMEWORKS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for domain in data["domains"]:
            for subarea in domain["subareas"]:
                for texts in [subarea["name"], subarea["question"], *subarea["levels"].values()]:
                    assert texts["bs"] != texts["en"] and texts["sr_latn"] != texts["en"], (path.name, texts)
