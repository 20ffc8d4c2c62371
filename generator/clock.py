"""The portal's clock: dates that patients read are dates in France."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def today_in_paris() -> dt.date:
    return dt.datetime.now(PARIS).date()
