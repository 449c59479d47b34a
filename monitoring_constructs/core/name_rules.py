"""What AWS accepts as the name of each resource type the library names: length and characters.

Every generated name (``<prefix>-cpu-high``, ``<prefix>-logs-archive``, ``alias/<prefix>-monitoring``)
is checked against the rule of the resource type it names, before synthesis, so a long
``service-environment`` fails where it really does not fit (an IAM role: 64 characters, an S3
bucket: 63) instead of under one cap for all.

Sources: AWS's API models as botocore ships them (``model``: the service and shape a test compares
``max_length`` with) and, where terraform-provider-aws validates more strictly at plan time, its
validators (noted in ``source``).

Example::

    require_name("name_prefix", "orders-prod-ecs-execution", IAM_ROLE)   # returns the name
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import MonitoringConfigError
from .validation import BUCKET_NAME_RULES, TAG_VALUE_MAX, s3_bucket_name_ok


@dataclass(frozen=True, slots=True)
class NameRule:
    """The names AWS accepts for one resource type.

    ``characters`` describes ``pattern`` (a full match) for the error message; ``accepts`` may add
    what a pattern cannot say (S3's bucket rules). ``model`` is (botocore service, shape) whose
    ``max`` is the length limit, when AWS's model states one.
    """

    what: str
    max_length: int
    characters: str
    pattern: re.Pattern[str]
    source: str
    model: tuple[str, str] | None = None
    check: Callable[[str], bool] | None = None

    def accepts(self, name: str) -> bool:
        if len(name) > self.max_length or not self.pattern.fullmatch(name):
            return False
        return self.check is None or self.check(name)


def _rule(what: str, max_length: int, characters: str, pattern: str, source: str,
          model: tuple[str, str] | None = None, flags: int = 0) -> NameRule:
    return NameRule(what, max_length, characters, re.compile(pattern, flags), source, model)


LOG_GROUP = _rule("a log group name", 512, "letters, digits and . - _ / #", r"[.\-_/#A-Za-z0-9]+",
                  "CloudWatch Logs CreateLogGroup", ("logs", "LogGroupName"))
METRIC_ALARM = _rule("an alarm name", 255, "no control characters", r"[^\x00-\x1f\x7f]+",
                     "CloudWatch PutMetricAlarm", ("cloudwatch", "AlarmName"))
SNS_TOPIC = _rule("an SNS topic name", 256, "letters, digits, - and _", r"[A-Za-z0-9_-]+", "SNS CreateTopic")
DASHBOARD = _rule("a dashboard name", 255, "letters, digits, - and _", r"[A-Za-z0-9_-]+", "CloudWatch PutDashboard")
KMS_ALIAS = _rule("a KMS alias name", 256, "alias/ then letters, digits, : / _ -, not alias/aws/",
                  r"alias/(?!aws/)[a-zA-Z0-9:/_-]+", "KMS CreateAlias; the provider's validNameForResource",
                  ("kms", "AliasNameType"))
IAM_ROLE = _rule("an IAM role name", 64, "letters, digits and + = , . @ _ -", r"[\w+=,.@-]+",
                 "IAM CreateRole; the provider's roleNameMaxLen", ("iam", "roleNameType"), re.ASCII)
# The provider appends a 26-character unique suffix to a name_prefix (policyNamePrefixMaxLen = 128 - 26).
IAM_POLICY_NAME_PREFIX = _rule("an IAM policy name prefix", 128 - 26, "letters, digits and + = , . @ _ -",
                               r"[\w+=,.@-]+", "IAM CreatePolicy; the provider's policyNamePrefixMaxLen", None, re.ASCII)
# FunctionName's model max (140) is an ARN's; a plain function name is limited to 64 characters.
LAMBDA_FUNCTION = _rule("a Lambda function name", 64, "letters, digits, - and _", r"[a-zA-Z0-9_-]+",
                        "Lambda CreateFunction FunctionName (64 for a name, 140 for an ARN)")
EVENT_RULE = _rule("an EventBridge rule name", 64, "letters, digits and . - _", r"[.\-_A-Za-z0-9]+",
                   "EventBridge PutRule; the provider's validateRuleName", ("events", "RuleName"))
CHATBOT_CONFIGURATION = _rule("a Chatbot channel configuration name", 128, "letters, digits, - and _",
                              r"[A-Za-z0-9_-]+", "Chatbot CreateSlackChannelConfiguration",
                              ("chatbot", "ConfigurationName"))
# CreateGroup allows 300 characters, but Application Insights names the application by the group (256).
RESOURCE_GROUP = _rule("a resource group name", 256, "letters, digits and . - _, not starting with aws (any case)",
                       r"(?!aws)[a-zA-Z0-9_.-]+", "Resource Groups CreateGroup; Application Insights CreateApplication",
                       ("application-insights", "ResourceGroupName"), re.IGNORECASE)
# AWS: "less than 255 characters"; the provider: letters, digits and hyphens, starting with a letter.
DB_EVENT_SUBSCRIPTION = _rule("an RDS event subscription name", 254, "letters, digits and -, starting with a letter",
                              r"[A-Za-z][0-9A-Za-z-]*", "RDS CreateEventSubscription; the provider's validEventSubscriptionName")
QUERY_DEFINITION = _rule("a query definition name", 255, "any characters", r".+",
                         "CloudWatch Logs PutQueryDefinition", ("logs", "QueryDefinitionName"))
METRIC_FILTER = _rule("a metric filter name", 512, "no : or *", r"[^:*]+", "CloudWatch Logs PutMetricFilter",
                      ("logs", "FilterName"))
METRIC_NAMESPACE = _rule("a metric namespace", 255, "no : * or $", r"[^:*$]+", "CloudWatch Logs PutMetricFilter",
                         ("logs", "MetricNamespace"))
TASK_FAMILY = _rule("an ECS task definition family", 255, "letters, digits, - and _", r"[A-Za-z0-9_-]+",
                    "ECS RegisterTaskDefinition")
PROMETHEUS_ALIAS = _rule("a Managed Prometheus workspace alias", 100, "any characters", r".+",
                         "AMP CreateWorkspace", ("amp", "WorkspaceAlias"))
GRAFANA_WORKSPACE = _rule("a Managed Grafana workspace name", 255, "letters, digits and - . _ ~",
                          r"[a-zA-Z0-9._~-]+", "Grafana CreateWorkspace (pattern [a-zA-Z0-9-._~]{1,255})")
TAG_VALUE = _rule("a tag value", TAG_VALUE_MAX, "letters, digits, spaces and _ . : / = + - @", r"[\w .:/=+@-]*",
                  "the AWS tagging rules", ("iam", "tagValueType"))
S3_BUCKET = NameRule("an S3 bucket name", 63, BUCKET_NAME_RULES, re.compile(r".+"), "the S3 bucket naming rules",
                     check=s3_bucket_name_ok)

NAME_RULES = (
    LOG_GROUP, METRIC_ALARM, SNS_TOPIC, DASHBOARD, KMS_ALIAS, IAM_ROLE, IAM_POLICY_NAME_PREFIX, LAMBDA_FUNCTION,
    EVENT_RULE, CHATBOT_CONFIGURATION, RESOURCE_GROUP, DB_EVENT_SUBSCRIPTION, QUERY_DEFINITION, METRIC_FILTER,
    METRIC_NAMESPACE, TASK_FAMILY, PROMETHEUS_ALIAS, GRAFANA_WORKSPACE, TAG_VALUE, S3_BUCKET,
)


def require_name(field: str, name: str, rule: NameRule, hint: str = "") -> str:
    """``name`` when ``rule`` accepts it; else MonitoringConfigError naming the rule, the length and ``hint``."""
    if not rule.accepts(name):
        raise MonitoringConfigError(
            field, name,
            f"{rule.what} of at most {rule.max_length} characters ({rule.characters}; {rule.source}), "
            f"this one has {len(name)}{hint}",
        )
    return name


__all__ = ["NAME_RULES", "NameRule", "require_name"]
