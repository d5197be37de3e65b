from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "thbhub.directory"
    label = "directory"
    verbose_name = "Directory"
