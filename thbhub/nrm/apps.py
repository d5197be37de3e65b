from django.apps import AppConfig


class NrmConfig(AppConfig):
    name = "thbhub.nrm"
    label = "nrm"
    verbose_name = "NRM monitoring"
