from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "thbhub.consultations"
    label = "consultations"
    verbose_name = "Consultations"
