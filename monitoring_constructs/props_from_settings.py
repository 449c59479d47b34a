"""How ``ServiceMonitoring`` turns ``MonitoringSettings`` into the small props of each construct.

Constructs never read ``MonitoringSettings``: each takes frozen props with what it
needs (``core/identity.py``'s ``ServiceIdentity`` for names and tags, ``AlertRouting``
for where alarms go, and its own values). This module is the one place that knows
which setting feeds which prop; a construct used alone gets its props from the caller.

Example::

    LogGroups(stack, "Logs", props=props_from_settings.log_groups(settings, kms_key_arn=key.arn))
"""

from __future__ import annotations

from .core.settings import MonitoringSettings

# --- logs and tools (logs/, tools/) ---

# --- alarms and notifications (alarms/, notify/) ---

# --- tracing, insights, dashboard (tracing/, insights/, dashboard/, infra/) ---
