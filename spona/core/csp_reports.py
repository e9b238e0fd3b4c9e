"""Where browsers report what the Content Security Policy blocked (settings.CONTENT_SECURITY_POLICY)."""

import json
import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("spona.csp")
MAX_REPORT_BYTES = 16 * 1024


@csrf_exempt  # browsers send reports without a token; a report changes nothing
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a violation report (the body is the browser's JSON); 204 whatever it holds."""
    body = request.body[:MAX_REPORT_BYTES]
    try:
        report = json.loads(body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    logger.warning(
        "Content Security Policy blocked %s on %s (%s)",
        str(report.get("blocked-uri", ""))[:300],
        str(report.get("document-uri", ""))[:300],
        str(report.get("violated-directive", ""))[:100],
    )
    return HttpResponse(status=204)
