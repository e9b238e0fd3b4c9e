"""Name the site "Spona" (allauth's e-mails greet from the site's name), at the host of SPONA_SITE_URL."""

from urllib.parse import urlparse

from django.conf import settings
from django.db import migrations


def name_site(apps, schema_editor):
    site_model = apps.get_model("sites", "Site")
    domain = urlparse(settings.SITE_URL).netloc or "127.0.0.1:8000"
    site_model.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": "Spona"})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_site, migrations.RunPython.noop)]
