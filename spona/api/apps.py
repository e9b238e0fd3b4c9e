from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "spona.api"
    label = "api"
    verbose_name = "API"
