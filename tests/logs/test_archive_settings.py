"""The archive bucket through the settings: on or off, and its name (S3 names are global)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from monitoring_constructs import ArchiveSettings, MonitoringSettings, ServiceMonitoring
from stacks import fileflow_settings
from tests.delivery.resolve import ResolvedStack
from tests.rejections import rejected
from tests.stack_assertions import Synthesized, synth_construct

REGION = "ap-northeast-2"


def synth(archive: ArchiveSettings) -> tuple[Synthesized, ServiceMonitoring]:
    settings = replace(fileflow_settings("dev", "app/fileflow-dev-alb/0123456789abcdef"), archive=archive)
    made: list[ServiceMonitoring] = []
    stack = synth_construct(lambda scope: made.append(ServiceMonitoring(scope, "Monitoring", settings=settings)),
                            region=REGION)
    return stack, made[0]


def key_statements(stack: Synthesized) -> dict[str, Any]:
    (key,) = stack.resources("aws_kms_key")
    return stack.policy_statements(key["policy"])


def test_the_archive_is_on_by_default_with_the_seeds_bucket_name() -> None:
    assert MonitoringSettings.__dataclass_fields__["archive"].default_factory() == ArchiveSettings()
    stack, monitoring = synth(ArchiveSettings())
    assert stack.one("aws_s3_bucket")["bucket"] == "fileflow-dev-logs-archive"
    assert monitoring.archive is not None


def test_an_archive_turned_off_has_no_bucket_and_the_key_grants_no_export() -> None:
    stack, monitoring = synth(ArchiveSettings(enabled=False))
    assert monitoring.archive is None
    assert stack.resources("aws_s3_bucket") == []
    assert "CloudWatchLogsExportToTheArchiveBucket" not in key_statements(stack)


def test_a_named_bucket_is_created_and_the_key_admits_exports_into_it_only() -> None:
    stack, _ = synth(ArchiveSettings(bucket_name="acme-fileflow-dev-logs"))
    assert stack.one("aws_s3_bucket")["bucket"] == "acme-fileflow-dev-logs"
    (condition,) = key_statements(stack)["CloudWatchLogsExportToTheArchiveBucket"]["condition"]
    assert condition["variable"] == "kms:EncryptionContext:aws:s3:arn"
    admitted = ResolvedStack(stack, name="test").value(condition["values"])
    assert admitted == ["arn:aws:s3:::acme-fileflow-dev-logs", "arn:aws:s3:::acme-fileflow-dev-logs/*"]


@pytest.mark.parametrize("name", ["Acme_Logs", "ab", "xn--acme-logs", "acme..logs", "192.168.1.10",
                                  "acme-logs-s3alias", "a" * 64])
def test_a_bucket_name_follows_the_s3_naming_rules(name: str) -> None:
    rejected(lambda: ArchiveSettings(bucket_name=name), "archive.bucket_name", repr(name),
             "3-63 lower-case letters, digits, dots or hyphens")


def test_a_bucket_name_for_an_archive_turned_off_is_refused() -> None:
    rejected(lambda: ArchiveSettings(enabled=False, bucket_name="acme-logs"), "archive.bucket_name", "acme-logs",
             "None while the archive is off")


def test_archive_settings_are_typed() -> None:
    rejected(lambda: ArchiveSettings(enabled="no"), "archive.enabled", "'no'", "True or False")  # type: ignore[arg-type]
    rejected(lambda: replace(fileflow_settings("dev", "app/x/0123456789abcdef"), archive=True), "archive", "True",
             "an ArchiveSettings(...) value")
