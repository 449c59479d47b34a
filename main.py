#!/usr/bin/env python
"""Synthesize the default stacks: fileflow-dev, fileflow-staging, fileflow-prod."""

from stacks import build_app

build_app().synth()
