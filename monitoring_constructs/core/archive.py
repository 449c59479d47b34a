"""Whether the service gets the S3 log archive, and its name.

S3 bucket names are global across all AWS accounts: the seed's ``<prefix>-logs-archive`` may
already belong to someone else, and then the apply fails. Name the bucket yourself, or turn the
archive off (no bucket, and the monitoring key grants no export).

Example::

    MonitoringSettings(..., archive=ArchiveSettings(bucket_name="acme-orders-prod-logs-archive"))
    MonitoringSettings(..., archive=ArchiveSettings(enabled=False))
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import MonitoringConfigError
from .validation import require_bool, require_s3_bucket_name


@dataclass(frozen=True, kw_only=True, slots=True)
class ArchiveSettings:
    """The log archive bucket.

    ``enabled`` (default True): create the bucket ``python -m monitoring_constructs.tools.export_logs``
    exports into. ``bucket_name`` (default ``<prefix>-logs-archive``, the export CLI's default too):
    checked by S3's naming rules; pass the same name to the CLI's ``--bucket``.
    """

    enabled: bool = True
    bucket_name: str | None = None

    def __post_init__(self) -> None:
        require_bool("archive.enabled", self.enabled)
        if self.bucket_name is not None:
            require_s3_bucket_name("archive.bucket_name", self.bucket_name)
            if not self.enabled:
                raise MonitoringConfigError(
                    "archive.bucket_name", self.bucket_name, "None while the archive is off (enabled=False)"
                )


__all__ = ["ArchiveSettings"]
