"""The public, read-only JSON API (OpenAPI at /api/docs and /api/openapi.json)."""

from ninja import NinjaAPI
from ninja.errors import ValidationError

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


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Bad parameters are a 400 with a sentence and the details, like every other refusal here."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "filters")]
        errors.setdefault(".".join(location) or "request", []).append(error.get("msg", "invalid"))
    return api.create_response(request, {"detail": "Some parameters are not valid.", "errors": errors}, status=400)
