"""Incident replay: CloudWatch's alarm semantics applied offline to synthesized stacks.

``world`` holds the shared types, ``engine.replay`` evaluates one stack against one
scenario, ``publishing`` models what AWS publishes during an incident, ``scenarios``
is the catalog with each scenario's expectation, ``pages`` writes ``pages.md``.
"""
