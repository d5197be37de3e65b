"""Reading configuration from environment variables.

Every setting that differs between a laptop and a production server comes
from the environment, so the same settings modules serve both.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    msg = f"{name}={raw!r} is not a yes/no value: use true or false."
    raise ImproperlyConfigured(msg)


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        msg = f"{name}={raw!r} is not a whole number."
        raise ImproperlyConfigured(msg) from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def default_data_dir() -> Path:
    """Where the embedded database, uploads and generated keys live.

    In a source checkout this is ``var/`` beside ``pyproject.toml`` so that
    the README's commands find the same database wherever they are run from.
    """
    explicit = env_str("THBHUB_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").exists():
        return checkout / "var"
    return Path.home() / ".thbhub"


def is_production() -> bool:
    return env_str("THBHUB_ENV", "development").lower() == "production"


def local_secret(data_dir: Path, name: str, make: str) -> str:
    """A secret kept in the data directory for a laptop installation.

    Production never reaches this: there the secret must come from the
    environment, so that keys are never stored next to the data they protect.
    """
    if is_production():
        msg = (
            f"THBHUB_ENV=production needs {name} in the environment; "
            "see docs/operator-guide.md, section 'Environment variables'."
        )
        raise ImproperlyConfigured(msg)
    path = data_dir / "keys" / name.lower()
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = Fernet.generate_key().decode() if make == "fernet" else secrets.token_urlsafe(50)
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return value
