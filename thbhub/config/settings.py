"""Django settings for THB Hub, assembled from one module per concern."""

# Each module owns one concern; star imports keep this file a table of contents.
from thbhub.config.settings_parts.api import *  # noqa: F403
from thbhub.config.settings_parts.consultations import *  # noqa: F403
from thbhub.config.settings_parts.core import *  # noqa: F403
from thbhub.config.settings_parts.database import *  # noqa: F403
from thbhub.config.settings_parts.email import *  # noqa: F403
from thbhub.config.settings_parts.i18n import *  # noqa: F403
from thbhub.config.settings_parts.jobs import *  # noqa: F403
from thbhub.config.settings_parts.logging import *  # noqa: F403
from thbhub.config.settings_parts.security import *  # noqa: F403
from thbhub.config.settings_parts.statistics import *  # noqa: F403
