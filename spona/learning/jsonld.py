"""schema.org Event JSON-LD for session pages, so search engines and calendars understand them."""

from django.conf import settings

from spona.learning.models import TrainingSession

ATTENDANCE_MODES = {
    TrainingSession.Format.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    TrainingSession.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    TrainingSession.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def session_jsonld(session: TrainingSession) -> dict:
    """`session` read with its seats (selectors.with_card_relations)."""
    url = settings.SITE_URL + session.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "EducationEvent",
        "name": session.course.title,
        "description": session.course.summary,
        "url": url,
        "startDate": session.local_start.isoformat(),
        "endDate": session.local_end.isoformat(),
        "inLanguage": session.language,
        "eventAttendanceMode": ATTENDANCE_MODES[session.format],
        "eventStatus": (
            "https://schema.org/EventCancelled"
            if session.status == TrainingSession.Status.CANCELLED
            else "https://schema.org/EventScheduled"
        ),
        "maximumAttendeeCapacity": session.capacity,
        "remainingAttendeeCapacity": session.seats_left,
        "organizer": {"@type": "Organization", "name": "Spona", "url": settings.SITE_URL},
        "offers": {
            "@type": "Offer",
            "price": str(session.fee),
            "priceCurrency": session.currency,
            "url": url,
            "availability": ("https://schema.org/InStock" if session.seats_left else "https://schema.org/SoldOut"),
            "validThrough": session.deadline.astimezone(session.tz).isoformat(),
        },
    }
    locations = []
    if session.format != TrainingSession.Format.ONLINE:
        place = {"@type": "Place", "name": session.venue or (session.city.name if session.city else "")}
        address = {"@type": "PostalAddress", "streetAddress": session.address}
        if session.city:
            address["addressLocality"] = session.city.name
            address["addressCountry"] = session.city.country_id
        place["address"] = address
        locations.append(place)
    if session.format != TrainingSession.Format.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    performers = [{"@type": "Person", "name": trainer.name} for trainer in session.trainers.all()]
    if performers:
        data["performer"] = performers
    return data
