"""Where region-bound services exist: plain data, checked before synthesis, no runtime.

A resource created through a provider in a region where its service does not
exist fails at apply, after the rest of the stack is up; these tables make
that a MonitoringConfigError instead. Sources: the AWS General Reference's
endpoint pages ("Amazon Managed Grafana endpoints and quotas") and DESIGN.md
section 7.8 for Chatbot.

AWS Chatbot (Amazon Q Developer in chat applications) has its API only in a
few regions; a channel
configuration created through a provider in any other region fails at
apply, after the rest of the stack is up. It still delivers notifications
from SNS topics in every commercial region, so the stack's topics stay where
they are and only the channel configurations go through a provider in one of
these regions: by default the one nearest to the stack's region.

Example::

    chatbot_region_for("ap-northeast-2")  # "ap-southeast-1"
"""

from __future__ import annotations

from .errors import MonitoringConfigError

CHATBOT_REGIONS = ("us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1")
GRAFANA_REGIONS = (
    "us-east-1", "us-east-2", "us-west-2", "ap-northeast-1", "ap-northeast-2",
    "ap-southeast-1", "ap-southeast-2", "eu-central-1", "eu-west-1", "eu-west-2",
)

# Nearest Chatbot region by the first words of a region name, most specific first.
_NEAREST = (
    ("us-west-", "us-west-2"),
    ("ca-west-", "us-west-2"),
    ("us-east-", "us-east-2"),
    ("ca-", "us-east-2"),
    ("mx-", "us-east-2"),
    ("sa-", "us-east-2"),
    ("ap-", "ap-southeast-1"),
    ("eu-", "eu-west-1"),
    ("il-", "eu-west-1"),
    ("me-", "eu-west-1"),
    ("af-", "eu-west-1"),
)


def chatbot_region_for(region: str) -> str:
    """The Chatbot region nearest to ``region``; MonitoringConfigError where there is none (GovCloud, China)."""
    if region in CHATBOT_REGIONS:
        return region
    for prefix, chatbot_region in _NEAREST:
        if region.startswith(prefix):
            return chatbot_region
    raise MonitoringConfigError(
        "notifications.slack_region",
        None,
        f"one of {', '.join(CHATBOT_REGIONS)} (AWS Chatbot's regions): none is near {region!r}, so name one "
        "explicitly or leave Slack channels out",
    )


def require_chatbot_region(field: str, region: object) -> str:
    """``region`` if AWS Chatbot's API exists there."""
    if region not in CHATBOT_REGIONS:
        raise MonitoringConfigError(field, region, "one of " + ", ".join(CHATBOT_REGIONS) + " (AWS Chatbot's regions)")
    return str(region)


def require_grafana_region(field: str, region: str) -> None:
    """Amazon Managed Grafana exists in ``region``."""
    if region not in GRAFANA_REGIONS:
        raise MonitoringConfigError(
            field, True, f"False in {region}: Amazon Managed Grafana exists only in {', '.join(GRAFANA_REGIONS)}"
        )
