"""Incident replay: CloudWatch's alarm semantics applied offline to synthesized stacks.

``world`` holds the shared types, ``engine.replay`` evaluates one stack against one
scenario, ``publishing`` models what AWS publishes during an incident, ``scenarios`` is the
``Scenario`` API, ``catalog`` the scenarios with each one's expectation (``expectations``),
``pages`` writes ``pages.md`` and ``changes.md``.
"""
