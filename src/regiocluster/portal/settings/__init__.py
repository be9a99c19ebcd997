"""Portal settings: everything comes from the environment, with safe defaults."""

from regiocluster.portal.settings.base import *  # noqa: F403
