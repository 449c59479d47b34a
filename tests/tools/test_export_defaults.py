"""The export CLI's default log group and bucket are the names the library gives them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from monitoring_constructs import MonitoringSettings, Naming
from monitoring_constructs.tools.export_logs import build_parser, build_request
from stacks import fileflow_settings

NOW = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
PROD = fileflow_settings("prod", "app/fileflow-prod-alb/0123456789abcdef")


def request(*options: str):  # type: ignore[no-untyped-def]
    return build_request(build_parser().parse_args(["--service", "fileflow", "--env", "prod", *options]), NOW)


@pytest.mark.parametrize(("settings", "options"), [(PROD, ()), (replace(PROD, name_prefix="ff-p"), ("--name-prefix", "ff-p"))],
                         ids=["service-environment", "name_prefix"])
def test_the_default_log_group_and_bucket_are_the_stacks(settings: MonitoringSettings, options: tuple[str, ...]) -> None:
    naming = Naming(settings.identity)
    exported = request(*options)
    assert (exported.log_group, exported.bucket) == (naming.log_group("application"), naming.archive_bucket())


def test_a_bucket_named_in_the_settings_is_passed_with_bucket() -> None:
    assert request("--bucket", "acme-fileflow-prod-logs").bucket == "acme-fileflow-prod-logs"
