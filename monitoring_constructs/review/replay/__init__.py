"""Incident replay: CloudWatch's alarm semantics applied offline to synthesized stacks.

``world`` holds the shared types, ``engine.replay`` evaluates one stack against one
scenario, ``publishing`` models what AWS publishes during an incident, ``scenarios`` is the
``Scenario`` API, ``catalog`` the scenarios with each one's expectation (``expectations``),
``pages`` writes ``pages.md`` and ``changes.md``.

The evaluator behind ``engine.replay``: ``stack_model`` reads the stack once (with
``terraform_values`` rendering its interpolations), ``datapoints`` and ``metric_math``
compute each period's datapoint, ``metric_alarms`` and ``composites`` apply CloudWatch's
state rules; each module cites the AWS page it follows.
"""
