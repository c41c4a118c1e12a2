"""The portal's notion of "today": the date in Amsterdam, where terms are counted."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amsterdam_today() -> dt.date:
    return dt.datetime.now(AMSTERDAM).date()
