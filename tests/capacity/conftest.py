import json

import pytest

from spona.capacity import services


def texts(english: str) -> dict:
    return {"en": english, "bs": f"{english} (bs)", "sr_latn": f"{english} (sr)"}


def framework_data(*, slug: str = "test-framework", domains: int = 2, subareas: int = 2, note: str = "") -> dict:
    return {
        "slug": slug,
        "name": texts(f"Test framework{note}"),
        "description": texts("What it is for."),
        "levels": [{"score": score, "name": texts(f"Level {score}")} for score in range(1, 5)],
        "domains": [
            {
                "slug": f"domain-{d}",
                "capacity_domain": "governance" if d == 1 else None,
                "name": texts(f"Domain {d}"),
                "subareas": [
                    {
                        "slug": f"subarea-{s}",
                        "name": texts(f"Sub-area {d}.{s}"),
                        "question": texts(f"Does the organization do {d}.{s}?"),
                        "evidence": [texts("A written policy"), texts("Minutes")],
                        "levels": {str(score): texts(f"Descriptor {d}.{s} at {score}") for score in range(1, 5)},
                    }
                    for s in range(1, subareas + 1)
                ],
            }
            for d in range(1, domains + 1)
        ],
    }


@pytest.fixture
def write_framework(tmp_path):
    def write(data: dict, name: str = "framework.json"):
        path = tmp_path / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def published_version(write_framework):
    return services.load_framework_file(write_framework(framework_data()))
