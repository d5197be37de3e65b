from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "thbhub.reference"
    label = "reference"
    verbose_name = "Reference data"
