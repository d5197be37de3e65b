from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "thbhub.referrals"
    label = "referrals"
    verbose_name = "Cross-border referrals"
