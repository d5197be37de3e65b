from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thbhub.accounts"
    label = "accounts"
    verbose_name = "Accounts"
