from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "thbhub.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations"
