"""schema.org JSON-LD for organization profiles, so search engines understand them."""

from django.conf import settings
from django.http import HttpRequest

from spona.directory.models import Organization

SCHEMA_TYPES = {
    Organization.Kind.CSO: "NGO",
    Organization.Kind.COMPANY: "Corporation",
    Organization.Kind.PUBLIC_INSTITUTION: "GovernmentOrganization",
    Organization.Kind.LOCAL_GOVERNMENT: "GovernmentOrganization",
    Organization.Kind.DONOR: "FundingScheme",
    Organization.Kind.MEDIA: "NewsMediaOrganization",
}


def organization_jsonld(organization: Organization, request: HttpRequest) -> dict:
    schema_type = SCHEMA_TYPES.get(organization.kind, "Organization")
    if schema_type == "FundingScheme":
        schema_type = "Organization"
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": organization.name,
        "url": settings.SITE_URL + organization.get_absolute_url(),
    }
    optional = {
        "alternateName": organization.abbreviation,
        "description": organization.mission,
        "foundingDate": str(organization.founding_year) if organization.founding_year else "",
        "email": organization.email,
        "telephone": organization.phone,
        "taxID": organization.registration_number,
        "logo": settings.SITE_URL + organization.logo.url if organization.logo else "",
    }
    data.update({key: value for key, value in optional.items() if value})
    same_as = [url for _label, url in organization.social_links] + (
        [organization.website] if organization.website else []
    )
    if same_as:
        data["sameAs"] = same_as
    if organization.municipality_id:
        municipality = organization.municipality
        address = {
            "@type": "PostalAddress",
            "addressLocality": municipality.name,
            "addressRegion": municipality.region.name,
            "addressCountry": municipality.country_id,
        }
        if organization.address:
            address["streetAddress"] = organization.address
        if organization.postal_code:
            address["postalCode"] = organization.postal_code
        data["address"] = address
    sectors = [sector.name_en for sector in organization.sectors.all()]
    if sectors:
        data["knowsAbout"] = sectors
    return data
