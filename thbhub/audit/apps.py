from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "thbhub.audit"
    label = "audit"
    verbose_name = "Audit log"
