"""The back office of assessment frameworks: drafts are edited here, published versions are shown frozen,
and new versions, publishing and clones go through the services."""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from spona.capacity import services
from spona.capacity.models import Domain, Framework, FrameworkVersion, LevelDescriptor, ScaleLevel, Subarea
from spona.core.admin import apply_service


def _cyrillic_columns(model) -> list[str]:
    return [f"{field}_sr_cyrl" for field in model.TEXT_FIELDS]


class FrozenWhenPublished:
    """Inlines and pages of a version's content: read-only once the version is published. Content is added
    through the inlines of what holds it (FrozenInline), never on a page of its own."""

    def version_of(self, obj) -> FrameworkVersion | None:
        raise NotImplementedError

    def _frozen(self, obj) -> bool:
        version = self.version_of(obj) if obj is not None else None
        return version is not None and version.is_frozen

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


class FrozenInline(FrozenWhenPublished):
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not self._frozen(obj)


class ScaleLevelInline(FrozenInline, admin.TabularInline):
    model = ScaleLevel
    extra = 0
    exclude = _cyrillic_columns(ScaleLevel)

    def version_of(self, version):
        return version


class DomainInline(FrozenInline, admin.TabularInline):
    model = Domain
    extra = 0
    fields = ["position", "slug", "name_en", "name_bs", "name_sr_latn", "capacity_domain"]
    show_change_link = True

    def version_of(self, version):
        return version


class VersionInline(admin.TabularInline):
    model = FrameworkVersion
    extra = 0
    fields = ["number", "status", "published_at", "changes"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name_en", "slug", "is_shipped", "cloned_from"]
    search_fields = ["name_en", "name_bs", "name_sr_latn", "slug"]
    exclude = _cyrillic_columns(Framework)
    readonly_fields = ["is_shipped", "cloned_from"]
    inlines = [VersionInline]
    actions = ["start_new_version", "clone"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "slug"] if obj is not None else self.readonly_fields

    @admin.action(description=_("Start a new version (a draft copy of the latest)"), permissions=["change"])
    def start_new_version(self, request, queryset):
        done = apply_service(
            self,
            request,
            queryset,
            lambda framework: services.start_new_version(framework=framework, user=request.user),
        )
        messages.success(request, ngettext("%(count)d draft made.", "%(count)d drafts made.", done) % {"count": done})

    @admin.action(description=_("Clone for a program (a framework of its own)"), permissions=["add"])
    def clone(self, request, queryset):
        def clone_one(framework):
            version = framework.latest_published() or framework.versions.order_by("-number").first()
            number = Framework.objects.filter(slug__startswith=f"{framework.slug}-copy").count() + 1
            return services.clone_framework(
                version=version,
                slug=f"{framework.slug}-copy-{number}",
                name_en=gettext("%(name)s (copy %(number)s)") % {"name": framework.name_en, "number": number},
                user=request.user,
            )

        done = apply_service(self, request, queryset, clone_one)
        messages.success(
            request,
            ngettext("%(count)d clone made: rename it.", "%(count)d clones made: rename them.", done) % {"count": done},
        )


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["framework", "number", "status", "published_at"]
    list_filter = ["status", "framework"]
    fields = ["framework", "number", "status", "published_at", "changes"]
    readonly_fields = ["framework", "number", "status", "published_at"]
    inlines = [ScaleLevelInline, DomainInline]
    actions = ["publish"]

    def version_of(self, version):
        return version

    def has_add_permission(self, request):
        return False  # versions come from "Start a new version" on the framework

    @admin.action(description=_("Publish (freezes the version)"), permissions=["change"])
    def publish(self, request, queryset):
        done = apply_service(
            self, request, queryset, lambda version: services.publish_version(version=version, user=request.user)
        )
        messages.success(
            request, ngettext("%(count)d version published.", "%(count)d versions published.", done) % {"count": done}
        )


class SubareaInline(FrozenInline, admin.StackedInline):
    model = Subarea
    extra = 0
    exclude = _cyrillic_columns(Subarea)
    show_change_link = True

    def version_of(self, domain):
        return domain.version


@admin.register(Domain)
class DomainAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["name_en", "version", "position", "capacity_domain"]
    list_filter = ["version__framework"]
    exclude = _cyrillic_columns(Domain)
    inlines = [SubareaInline]

    def version_of(self, domain):
        return domain.version

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["version"]


class LevelDescriptorInline(FrozenInline, admin.TabularInline):
    model = LevelDescriptor
    extra = 0
    max_num = 4
    exclude = _cyrillic_columns(LevelDescriptor)

    def version_of(self, subarea):
        return subarea.domain.version


@admin.register(Subarea)
class SubareaAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["name_en", "domain", "position"]
    list_filter = ["domain__version__framework"]
    search_fields = ["name_en", "name_bs", "name_sr_latn"]
    exclude = _cyrillic_columns(Subarea)
    inlines = [LevelDescriptorInline]

    def version_of(self, subarea):
        return subarea.domain.version

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["domain"]
