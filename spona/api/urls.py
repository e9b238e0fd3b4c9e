"""The public, read-only JSON API (OpenAPI at /api/docs and /api/openapi.json)."""

from ninja import NinjaAPI

from spona.core.api import router as reference_router
from spona.directory.api import router as directory_router

api = NinjaAPI(
    title="Spona API",
    version="1",
    description="Read-only data of the Spona directory of organizations, places and taxonomies.",
    urls_namespace="api",
)
api.add_router("/directory/", directory_router)
api.add_router("/reference/", reference_router)
