from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "thbhub.access"
    label = "access"
    verbose_name = "Access control"
