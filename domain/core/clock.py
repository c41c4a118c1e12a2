"""The portal's clock: stored times are naive UTC; days are Europe/Amsterdam days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from domain.core.db import utcnow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def end_of_day(day: dt.date) -> dt.datetime:
    """The naive UTC instant at which ``day`` ends in Amsterdam (the next local midnight)."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=AMSTERDAM)
    return midnight.astimezone(dt.UTC).replace(tzinfo=None)


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored (naive UTC) timestamp as an aware Amsterdam time."""
    return moment.replace(tzinfo=dt.UTC).astimezone(AMSTERDAM)


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today in Amsterdam."""
    return local_time(now or utcnow()).date()
