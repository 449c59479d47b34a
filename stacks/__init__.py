"""Per-environment stacks of the sample service ``fileflow`` (not library code)."""

from .app import ENVIRONMENTS, SERVICE, build_app, fileflow_settings

__all__ = ["ENVIRONMENTS", "SERVICE", "build_app", "fileflow_settings"]
