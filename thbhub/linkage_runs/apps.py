from django.apps import AppConfig


class LinkageRunsConfig(AppConfig):
    name = "thbhub.linkage_runs"
    label = "linkage_runs"
    verbose_name = "Linkage at the hub"
