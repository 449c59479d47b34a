"""SQS queue alarms: the age of the oldest message, and messages waiting in the dead-letter queue.

Shapes (statistic, period, datapoints) follow AWS's recommended alarms,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html
("Amazon SQS"), whose thresholds depend on the workload: ours are defaults to override per queue.
"""

from __future__ import annotations

from ...core.severity import Severity
from ..spec import AlarmSpec, GREATER, Target

ALARMS: tuple[AlarmSpec, ...] = (
    AlarmSpec(
        key="sqs-oldest-message-age",
        summary="The oldest message of the queue has waited more than {threshold:g} s",
        # P2 (within the hour): consumers are stuck or too slow and work is late, but nothing is
        # lost yet (a queue keeps messages for days) and a poison message lands in the DLQ alarm.
        severity=Severity.P2,
        target=Target.SQS_QUEUE,
        namespace="AWS/SQS",
        metric_name="ApproximateAgeOfOldestMessage",
        # Recommended alarms, SQS ApproximateAgeOfOldestMessage: statistic Maximum.
        statistic="Maximum",
        comparison=GREATER,
        # Recommended alarms: "highly dependent on the expected message processing time ... 50% higher
        # than the maximum expected processing time" (no number given). 600 s (10 minutes) suits jobs
        # that take up to ~6 minutes; override it per queue with its own processing time.
        threshold=600,
        # Recommended alarms, SQS ApproximateAgeOfOldestMessage: period 60, 15 of 15 datapoints.
        period=60,
        evaluation_periods=15,
        # SQS reports the age only while the queue holds a message: an empty queue is healthy.
        treat_missing_data="notBreaching",
        unit_suffix=" s",
    ),
    AlarmSpec(
        key="sqs-dlq-messages",
        summary="Messages are waiting in the dead-letter queue (more than {threshold:g} visible)",
        # P2 (within the hour): each message is work the service failed maxReceiveCount times; it is
        # kept (and can be redriven), so nobody is woken, but it should be looked at the same hour.
        severity=Severity.P2,
        # The dimension is the dead-letter queue's QueueName (SqsQueueTarget.dead_letter_queue_name).
        target=Target.SQS_DEAD_LETTER_QUEUE,
        namespace="AWS/SQS",
        # SQS Developer Guide, "Creating alarms for dead-letter queues using Amazon CloudWatch"
        # (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/dead-letter-queues-alarms-cloudwatch.html):
        # alarm on ApproximateNumberOfMessagesVisible of the DLQ. NumberOfMessagesSent does not count
        # messages SQS moves there after failed receives (sqs-dead-letter-queues.html#sqs-dlq-number-of-messages).
        metric_name="ApproximateNumberOfMessagesVisible",
        # Any message at any time of the minute counts.
        statistic="Maximum",
        comparison=GREATER,
        # Any message: a DLQ is empty when all is well.
        threshold=0,
        # The SQS metrics' 1-minute period (as in the recommended SQS alarms), one datapoint: a
        # message stays in the DLQ until someone acts, so there is no flapping to smooth out.
        period=60,
        evaluation_periods=1,
        # An idle queue publishes nothing; an empty DLQ is healthy.
        treat_missing_data="notBreaching",
    ),
)
