"""Review aids for a pull request, read from synthesized stacks only (no cdktf, no AWS).

    python -m monitoring_constructs.review OUT_DIR [--stacks cdktf.out/stacks] [--base BASE_STACKS_DIR]

writes ``OUT_DIR/alarms.md`` (the alarm matrix: thresholds, severities, topics,
subscribers), ``OUT_DIR/<stack>-dashboard.png`` (each dashboard as CloudWatch
lays it out) and, with ``--base``, ``OUT_DIR/changes.md`` (alarms and widgets
added, removed or changed; meant as a pull-request comment).

Modules: ``stacks`` reads the JSON and resolves references, ``alarms`` and
``dashboards`` read what a reviewer looks at, ``matrix``, ``picture`` and
``changes`` write the three outputs. Only ``picture`` imports matplotlib
(the ``review`` extra).
"""
