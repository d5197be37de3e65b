from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "thbhub.demo"
    label = "demo"
    verbose_name = "Demo data"
