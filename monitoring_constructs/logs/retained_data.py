"""Retained data stays readable: no plan may destroy or replace what holds or protects it.

Where log groups are kept on ``destroy`` (``keep_log_groups_on_destroy``, on in the prod
tier), keeping them is not enough: they are encrypted with the monitoring key, and the
log archive bucket holds their exports. A ``destroy`` that schedules the key for deletion
makes the kept log groups unreadable; one that strips the bucket's encryption and policy
before failing on ``BucketNotEmpty`` leaves the archive unprotected; renaming the service
or environment replaces the bucket. So in that tier the key and every resource of the
archive carry terraform's ``lifecycle { prevent_destroy = true }``: a plan that would
destroy or replace one of them fails before anything changes (in-place updates still
apply). Decommissioning is a conscious operator step (``terraform state rm`` of these
resources, or lifting the protection), see the README's "Known limitations".

``prevent_destroy`` protects a resource only while its block is in the configuration:
removing ``ServiceMonitoring`` from a stack removes the protection with it.

Example::

    S3Bucket(self, "Bucket", bucket=name, lifecycle=retained_data_lifecycle(props.retain_data))
"""

from __future__ import annotations

from .._cdk import TerraformResourceLifecycle


def retained_data_lifecycle(retain_data: bool) -> TerraformResourceLifecycle | None:
    """``prevent_destroy`` for a resource that holds or protects retained data; ``None`` when nothing is retained.

    ``retain_data``: whether destroying the stack keeps its log groups, and so their key and archive
    (the environment profile's ``keep_log_groups_on_destroy``).
    """
    return TerraformResourceLifecycle(prevent_destroy=True) if retain_data else None
