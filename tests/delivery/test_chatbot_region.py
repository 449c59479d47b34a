"""Every Slack (or Teams) channel configuration is created where the Chatbot API exists.

The API of AWS Chatbot, now "Amazon Q Developer in chat applications", is available only in
us-east-2, us-west-2, ap-southeast-1 and eu-west-1
(https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html,
https://docs.aws.amazon.com/general/latest/gr/chatbot.html). A configuration whose provider is in
another region cannot be created, so its alerts never reach the channel. Its topics may be in any
region (https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-regions.html).
"""

from __future__ import annotations

from tests.delivery.stacks import CHATBOT, DeliveryStack, exercised

CHATBOT_API_REGIONS = frozenset({"us-east-2", "us-west-2", "ap-southeast-1", "eu-west-1"})
CHANNEL_CONFIGURATIONS = ("aws_chatbot_slack_channel_configuration", "aws_chatbot_teams_channel_configuration")


def test_every_chat_channel_is_created_in_a_region_with_the_chatbot_api(stack: DeliveryStack) -> None:
    resolved = stack.resolved
    regions = {f"{kind}.{cid}": resolved.region(block)
               for kind in CHANNEL_CONFIGURATIONS for cid, block in resolved.resources(kind).items()}
    exercised(stack, CHATBOT, regions)
    elsewhere = {name: region for name, region in regions.items() if region not in CHATBOT_API_REGIONS}
    assert not elsewhere, (
        f"{stack}: channel configurations in regions without the Chatbot API "
        f"(allowed: {sorted(CHATBOT_API_REGIONS)}): {elsewhere}"
    )
