"""Small checks shared by the settings; each raises MonitoringConfigError.

Values that are unresolved CDKTF tokens (a service team's own
``aws_ecs_service.name``) are only known at apply time: pattern checks let
them through, type checks do not.
"""

from __future__ import annotations

import ipaddress
import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .tokens import is_token
from .errors import MonitoringConfigError

# The AWS provider's allowed aws_cloudwatch_log_group.retention_in_days.
RETENTION_DAYS = (
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)
LOG_GROUP_NAME = re.compile(r"^[0-9A-Za-z_./#-]{1,512}$")
DASHBOARD_NAME = re.compile(r"^[0-9A-Za-z_-]{1,255}$")
SNS_TOPIC_NAME = re.compile(r"^[0-9A-Za-z_-]{1,256}$")
ALARM_NAME_MAX = 255
ACTIONS_PER_STATE_MAX = 5
# Simple, deliberately strict: one @, a dot in the domain, no spaces.
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
HTTPS_URL = re.compile(r"^https://[^\s/$.?#][^\s]*$")

# AWS partitions and the Regions each holds (botocore's partitions.json; a test keeps them in step).
PARTITION_REGIONS = MappingProxyType({
    "aws": r"(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\d+",
    "aws-cn": r"cn-[a-z]+-\d+",
    "aws-us-gov": r"us-gov-[a-z]+-\d+",
    "aws-iso": r"us-iso-[a-z]+-\d+",
    "aws-iso-b": r"us-isob-[a-z]+-\d+",
    "aws-iso-e": r"eu-isoe-[a-z]+-\d+",
    "aws-iso-f": r"us-isof-[a-z]+-\d+",
    "aws-eusc": r"eusc-de-[a-z]+-\d+",
})
REGION = re.compile("^(?:" + "|".join(PARTITION_REGIONS.values()) + ")$")

# AWS number fields are int32; JavaScript numbers (what jsii passes) hold integers exactly up to 2**53.
INT32_MAX = 2**31 - 1
EXACT_NUMBER_MAX = 2**53


def require_literal(field: str, value: object, allowed: str) -> str:
    """A plain string: names derived from it must be known at synth time."""
    if not isinstance(value, str) or is_token(value):
        raise MonitoringConfigError(field, value, allowed)
    return value


def require_string(field: str, value: object, allowed: str) -> str:
    """A string or a token; empty strings are rejected."""
    if not isinstance(value, str) or value == "":
        raise MonitoringConfigError(field, value, allowed)
    return value


def require_pattern(field: str, value: object, pattern: re.Pattern[str], allowed: str) -> None:
    require_string(field, value, allowed)
    if not is_token(value) and not pattern.fullmatch(str(value)):
        raise MonitoringConfigError(field, value, allowed)


def require_one_of(field: str, value: object, choices: Collection[object]) -> None:
    """One of ``choices``, of the same type: ``14.0`` is not the retention ``14``, nor ``True`` the ``1``."""
    if not any(type(value) is type(choice) and value == choice for choice in choices):
        raise MonitoringConfigError(field, value, "one of " + ", ".join(map(str, choices)))


def require_int(field: str, value: object, low: int, high: int = INT32_MAX) -> int:
    """An int (not a bool, not a float) from ``low`` to ``high``; AWS's integer fields stop at 2**31 - 1."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        bound = f"an integer >= {low} and <= {high}" if high == INT32_MAX else f"an integer from {low} to {high}"
        raise MonitoringConfigError(field, value, bound)
    return value


def require_number(
    field: str, value: object, low: float = -EXACT_NUMBER_MAX, high: float = EXACT_NUMBER_MAX
) -> float:
    """A finite int or float from ``low`` to ``high``.

    ``inf`` and ``nan`` are not JSON (the jsii runtime dies on them), and numbers
    beyond 2**53 reach Terraform rounded.
    """
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or (isinstance(value, float) and not math.isfinite(value))
        or not low <= value <= high
    ):
        raise MonitoringConfigError(field, value, f"a finite number from {low} to {high}")
    return float(value)


def require_instance(field: str, value: object, kind: type | tuple[type, ...], allowed: str) -> None:
    if not isinstance(value, kind):
        raise MonitoringConfigError(field, value, allowed)


def require_tuple(field: str, value: object, what: str) -> tuple[object, ...]:
    """A tuple (or list) of values; a bare string would be checked letter by letter."""
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise MonitoringConfigError(field, value, f"a tuple of {what}, e.g. ('...',) for one")
    return tuple(value)


def require_mapping(field: str, value: object, what: str) -> Mapping[object, object]:
    """A mapping, frozen: ``MappingProxyType`` of a copy."""
    if not isinstance(value, Mapping):
        raise MonitoringConfigError(field, value, f"a mapping of {what}")
    return MappingProxyType(dict(value))


def require_max_length(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise MonitoringConfigError(field, value, f"at most {limit} characters (has {len(value)})")


def require_unique(field: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise MonitoringConfigError(field, value, "each value once")
        seen.add(value)


def require_alarm_period(field: str, period: object, *, metric: str) -> int:
    """The period of an alarm on ``metric``, a metric published once a minute: a multiple of 60 seconds.

    Every AWS/* and ECS/ContainerInsights metric and every log metric filter's
    metric has 1-minute resolution; CloudWatch's 10, 20 and 30 second periods
    are for high-resolution custom metrics, and on a 1-minute metric most such
    periods hold no datapoint (missing data, false alarms).
    """
    value = require_int(field, period, 1)
    if value % 60 != 0:
        raise MonitoringConfigError(
            field, value, f"a multiple of 60 seconds: {metric} is published once a minute "
            "(only high-resolution custom metrics allow 10, 20 or 30)",
        )
    return value


def require_alarm_window(field: str, period: int, evaluation_periods: int) -> None:
    """period x evaluation_periods may span at most one day (seven for periods of an hour+)."""
    limit = 604_800 if period >= 3600 else 86_400
    if period * evaluation_periods > limit:
        raise MonitoringConfigError(
            field,
            f"{period} s x {evaluation_periods}",
            f"period x evaluation_periods <= {limit} s",
        )


def require_bool(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise MonitoringConfigError(field, value, "True or False")
    return value


# --- ARNs ------------------------------------------------------------------------------

_ARN = re.compile(
    r"^arn:(?P<partition>[a-z-]+):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):(?P<account>[^:]*):(?P<resource>.+)$"
)
ACCOUNT_ID = re.compile(r"^\d{12}$")


@dataclass(frozen=True, slots=True)
class ArnShape:
    """What one kind of ARN looks like: its service, its resource part and whether it names a Region."""

    what: str
    service: str
    resource: re.Pattern[str]
    example: str
    regional: bool = True


KMS_KEY = ArnShape(
    "a KMS key ARN", "kms",
    re.compile(r"key/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})"),
    "arn:aws:kms:<region>:<account>:key/<key id> (a key, not an alias; multi-Region keys are key/mrk-<32 hex>)",
)
SNS_TOPIC = ArnShape(
    "an SNS topic ARN", "sns", re.compile(r"[A-Za-z0-9_-]{1,256}(?:\.fifo)?"), "arn:aws:sns:<region>:<account>:<topic>"
)
IAM_ROLE = ArnShape(
    "an IAM role ARN", "iam", re.compile(r"role/(?:[\x21-\x7e]*/)?[\w+=,.@-]{1,64}", re.ASCII),
    "arn:aws:iam::<account>:role/<name>", regional=False,
)
# CloudWatch alarm actions other than EC2 instance actions (our alarms watch no EC2 instance metric).
ALARM_ACTIONS = (
    SNS_TOPIC,
    ArnShape(
        "a Lambda function ARN", "lambda", re.compile(r"function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]+)?"),
        "arn:aws:lambda:<region>:<account>:function:<name>[:<alias or version>]",
    ),
    ArnShape("an OpsItem action ARN", "ssm", re.compile(r"opsitem:.+"), "arn:aws:ssm:<region>:<account>:opsitem:<severity>"),
    ArnShape(
        "an Incident Manager response plan ARN", "ssm-incidents", re.compile(r"response-plan/.+"),
        "arn:aws:ssm-incidents::<account>:response-plan/<name>", regional=False,
    ),
    ArnShape(
        "a scaling policy ARN", "autoscaling", re.compile(r"scalingPolicy:.+"),
        "arn:aws:autoscaling:<region>:<account>:scalingPolicy:...",
    ),
    ArnShape(
        "an investigation group ARN", "aiops", re.compile(r"investigation-group:.+"),
        "arn:aws:aiops:<region>:<account>:investigation-group:<id>",
    ),
)


def partition_of(region: str) -> str | None:
    """The partition whose Regions match ``region`` (``aws-cn`` for ``cn-north-1``), None if none does."""
    return next((name for name, regions in PARTITION_REGIONS.items() if re.fullmatch(regions, region)), None)


def _arn_matches(value: str, shape: ArnShape) -> bool:
    match = _ARN.fullmatch(value)
    if match is None or match["partition"] not in PARTITION_REGIONS or match["service"] != shape.service:
        return False
    if shape.regional:
        if partition_of(match["region"]) != match["partition"]:
            return False
    elif match["region"]:
        return False
    return bool(ACCOUNT_ID.fullmatch(match["account"])) and bool(shape.resource.fullmatch(match["resource"]))


def require_arn(field: str, value: object, *shapes: ArnShape) -> str:
    """An ARN of one of ``shapes`` in a real partition, Region and account; tokens pass (known at apply)."""
    allowed = " or ".join(f"{shape.what} like {shape.example}" for shape in shapes) + ", or a token"
    require_string(field, value, allowed)
    assert isinstance(value, str)
    if not is_token(value) and not any(_arn_matches(value, shape) for shape in shapes):
        raise MonitoringConfigError(field, value, allowed)
    return value


# --- Names ---------------------------------------------------------------------------------

IAM_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,64}$", re.ASCII)
_RESERVED_BUCKET_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_BUCKET_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
_BUCKET_CHARACTERS = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
BUCKET_NAME_RULES = (
    "3-63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit, no two "
    "adjacent dots, not an IP address, not starting with " + ", ".join(_RESERVED_BUCKET_PREFIXES)
    + ", not ending with " + ", ".join(_RESERVED_BUCKET_SUFFIXES) + " (S3 bucket naming rules)"
)


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return False
    return True


def s3_bucket_name_ok(name: str) -> bool:
    """Whether ``name`` is a general purpose bucket name by S3's naming rules."""
    return (
        bool(_BUCKET_CHARACTERS.fullmatch(name))
        and ".." not in name
        and not _is_ip_address(name)
        and not name.startswith(_RESERVED_BUCKET_PREFIXES)
        and not name.endswith(_RESERVED_BUCKET_SUFFIXES)
    )


def require_s3_bucket_name(field: str, value: object) -> str:
    """A general purpose bucket name by S3's naming rules (a plain string: the name is derived from at synth)."""
    name = require_literal(field, value, BUCKET_NAME_RULES)
    if not s3_bucket_name_ok(name):
        raise MonitoringConfigError(field, name, BUCKET_NAME_RULES)
    return name


# --- Tags ------------------------------------------------------------------------------------

TAGS_PER_RESOURCE_MAX = 50
TAG_KEY_MAX = 128
TAG_VALUE_MAX = 256
_TAG_SYMBOLS = frozenset("_.:/=+-@")
TAG_RULES = "letters, digits, spaces and _ . : / = + - @, not starting with aws: (any case)"


def _tag_text_ok(text: str) -> bool:
    """AWS tag characters: Unicode letters, numbers and spaces, and ``_ . : / = + - @``; no ``aws:`` prefix."""
    if text[:4].lower() == "aws:":
        return False
    return all(char in _TAG_SYMBOLS or unicodedata.category(char)[0] in "LNZ" for char in text)


def require_tags(field: str, tags: object, reserved: Collection[str]) -> Mapping[str, str]:
    """User tags by AWS's tagging rules, leaving room for the ``reserved`` keys every resource gets."""
    frozen = require_mapping(field, tags, "tag keys to tag values")
    limit = TAGS_PER_RESOURCE_MAX - len(reserved)
    if len(frozen) > limit:
        raise MonitoringConfigError(
            field, f"{len(frozen)} tags",
            f"at most {limit} ({TAGS_PER_RESOURCE_MAX} per resource minus the required {', '.join(reserved)})",
        )
    for key, value in frozen.items():
        if not isinstance(key, str) or not 1 <= len(key) <= TAG_KEY_MAX or not _tag_text_ok(key):
            raise MonitoringConfigError(field, key, f"tag keys of 1-{TAG_KEY_MAX} {TAG_RULES}")
        if key in reserved:
            raise MonitoringConfigError(field, key, "keys other than the required " + ", ".join(reserved))
        if not isinstance(value, str) or len(value) > TAG_VALUE_MAX or not _tag_text_ok(value):
            raise MonitoringConfigError(f"{field}[{key!r}]", value, f"a tag value of 0-{TAG_VALUE_MAX} {TAG_RULES}")
    return frozen  # type: ignore[return-value]
