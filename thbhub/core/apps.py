from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thbhub.core"
    label = "core"
    verbose_name = "THB Hub"
