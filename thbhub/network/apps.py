from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "thbhub.network"
    label = "network"
    verbose_name = _("The network's work")
    default_auto_field = "django.db.models.BigAutoField"
