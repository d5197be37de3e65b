from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "thbhub.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Registers the token scheme with the OpenAPI schema generator.
        from thbhub.accounts import api_schema  # noqa: F401, PLC0415
