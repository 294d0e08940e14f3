"""Counting a visit to an AI site (the shadow-AI picture): which service, under the policy in force."""

from __future__ import annotations

import logging

from dlpguard.errors import DlpGuardError, describe_exception
from dlpguard.guard.services import GuardServices
from dlpguard.incidents.visits import count_visit
from dlpguard.policy.catalogue import catalogue
from dlpguard.policy.decide import site_verdict
from dlpguard.policy.sites import split_site

logger = logging.getLogger(__name__)


def service_of(site: str) -> str | None:
    """The catalogue service id of `site`, else its bare host (lower case), or None if unreadable."""
    service = catalogue().service_for(site)
    if service is not None:
        return service.id
    address = split_site(site)
    return address.host if address is not None else None


def record_visit(services: GuardServices, site: str) -> str | None:
    """Counts one visit to `site` when the policy guards it; returns the service it was counted under,
    or None (not guarded, unreadable, or no incident log). Never raises for a log problem: a count
    lost is not worth a user-facing error."""
    if site_verdict(services.policy, site) is not None:
        return None
    service = service_of(site)
    log = services.incident_log()
    if service is None or log is None:
        return None
    try:
        count_visit(log.store, service)
    except (DlpGuardError, ValueError) as exc:
        logger.warning("visit not counted: %s", describe_exception(exc))
        return None
    return service
