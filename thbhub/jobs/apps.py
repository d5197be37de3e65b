from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "thbhub.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
