"""Alarm specs per monitored resource type; ``alarms.catalog`` gathers them."""
