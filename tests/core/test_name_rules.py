"""Generated names: each fits its AWS resource type, checked before synthesis; a short name_prefix when they do not.

The limits come from AWS's API models (botocore's service definitions) and the AWS provider's
validators (``core/name_rules.py``); the first test keeps the table honest against the models.
"""

from __future__ import annotations

import botocore.loaders
import pytest

from monitoring_constructs import ArchiveSettings, Naming, Severity
from monitoring_constructs.core.name_rules import NAME_RULES, S3_BUCKET
from tests.core.test_settings_validation import settings
from tests.rejections import rejected

PREFIX_FIELD = "service + environment (name prefix)"


@pytest.mark.parametrize("rule", [rule for rule in NAME_RULES if rule.model], ids=lambda rule: rule.what)
def test_no_name_rule_allows_more_than_the_aws_api_model(rule) -> None:  # type: ignore[no-untyped-def]
    service, shape = rule.model
    model = botocore.loaders.Loader().load_service_model(service, "service-2")
    assert rule.max_length <= model["shapes"][shape]["max"]


def test_a_bucket_name_follows_the_s3_rules_not_only_a_length() -> None:
    assert S3_BUCKET.accepts("orders-prod-logs-archive")
    assert not S3_BUCKET.accepts("xn--orders-logs-archive")
    assert not S3_BUCKET.accepts("a" * 51 + "-logs-archive")


def test_a_long_service_environment_fails_at_the_first_name_that_does_not_fit_and_says_which() -> None:
    # 51-character prefix: the archive bucket <prefix>-logs-archive has 64 of S3's 63 characters.
    rejected(lambda: settings(service="a" * 46), PREFIX_FIELD, "a" * 46 + "-prod-logs-archive",
             "an S3 bucket name of at most 63 characters")


def test_the_same_prefix_fits_when_the_archive_bucket_is_not_made() -> None:
    fitted = settings(service="a" * 46, archive=ArchiveSettings(enabled=False))
    assert Naming(fitted.identity).alarm_name("cpu-high") == "a" * 46 + "-prod-cpu-high"


def test_a_short_name_prefix_names_every_resource_and_tags_keep_service_and_environment() -> None:
    short = settings(service="order-fulfilment-and-returns-processing", environment="production-eu-central",
                     name_prefix="ofr-p")
    naming = Naming(short.identity)
    assert naming.alarm_name("cpu-high") == "ofr-p-cpu-high"
    assert naming.archive_bucket() == "ofr-p-logs-archive"
    assert naming.log_group("application") == "/ecs/ofr-p/application"
    assert naming.topic_name(Severity.P0) == "ofr-p-alerts-p0"
    tags = naming.tags("alerts-p0", "monitoring")
    assert (tags["Service"], tags["Environment"], tags["Name"]) == (
        "order-fulfilment-and-returns-processing", "production-eu-central", "ofr-p-alerts-p0")


def test_a_name_prefix_too_long_for_a_resource_is_blamed_on_name_prefix() -> None:
    rejected(lambda: settings(name_prefix="o" * 51), "name_prefix", "o" * 51 + "-logs-archive",
             "an S3 bucket name of at most 63 characters")


@pytest.mark.parametrize("prefix", ["Ord-P", "ord_p", "ord--p", "-ord", "ord-", ""])
def test_a_name_prefix_is_lower_case_words_joined_by_single_hyphens(prefix: str) -> None:
    rejected(lambda: settings(name_prefix=prefix), "name_prefix", repr(prefix), "lower-case letters and digits")


def test_the_log_analyzer_schedule_rule_keeps_the_prefix_within_eventbridge_s_64_characters() -> None:
    assert settings(name_prefix="o" * 42, log_analyzer_enabled=True).prefix == "o" * 42
    rejected(lambda: settings(name_prefix="o" * 43, log_analyzer_enabled=True), "name_prefix",
             "o" * 43 + "-log-analyzer-schedule", "an EventBridge rule name of at most 64 characters")


def test_a_resource_group_name_may_not_start_with_aws() -> None:
    rejected(lambda: settings(service="awsome"), PREFIX_FIELD, "awsome-prod-resources",
             "a resource group name of at most 256 characters (letters, digits and . - _, not starting with aws")
    assert settings(service="awsome", name_prefix="some-p").prefix == "some-p"


def test_service_and_environment_stay_tag_values_of_at_most_256_characters() -> None:
    rejected(lambda: settings(service="s" * 257, name_prefix="s-p"), "service", "s" * 257,
             "a tag value of at most 256 characters")
