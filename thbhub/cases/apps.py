from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "thbhub.cases"
    label = "cases"
    verbose_name = "Cases"
