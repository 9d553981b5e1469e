"""The REST API and the web UI: ``create_app(Settings(...))``."""

from tahaluf.api.app import create_app
from tahaluf.api.settings import Settings

__all__ = ["Settings", "create_app"]
