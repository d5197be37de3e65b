from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "thbhub.operations"
    label = "operations"
    verbose_name = "Operations"
