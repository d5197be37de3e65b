from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "thbhub.statistics"
    label = "statistics"
    verbose_name = "Statistics"
