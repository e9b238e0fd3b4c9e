from django.contrib import admin

from spona.core.models import (
    CapacityDomain,
    Country,
    LegalForm,
    Municipality,
    Region,
    Sector,
    SustainableDevelopmentGoal,
)


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_bs", "name_sr_latn", "name_sr_cyrl", "is_cssp_area", "position"]
    list_editable = ["position"]


@admin.register(CapacityDomain)
class CapacityDomainAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_bs", "name_sr_latn", "name_sr_cyrl", "position"]
    list_editable = ["position"]


@admin.register(SustainableDevelopmentGoal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name_en", "name_bs", "name_sr_latn", "name_sr_cyrl"]


@admin.register(LegalForm)
class LegalFormAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_en", "name_bs", "name_sr_latn", "countries"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_en", "name_local"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "country", "parent"]
    list_filter = ["country", "kind"]
    search_fields = ["name", "name_cyrl", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "name_cyrl", "kind", "code", "region", "city"]
    list_filter = ["country", "kind", "region"]
    search_fields = ["name", "name_cyrl", "code"]
