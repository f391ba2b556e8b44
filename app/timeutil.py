"""Times are stored in UTC and shown in Europe/Oslo."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date

from app.models.base import utcnow

OSLO = ZoneInfo("Europe/Oslo")

__all__ = ["OSLO", "utcnow", "local_to_utc", "to_local", "format_local_datetime",
           "format_local_date", "format_long_date"]


def local_to_utc(day: date, at: time = time(0, 0)) -> datetime:
    """A wall-clock moment in Oslo as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """An aware datetime in Oslo time."""
    return moment.astimezone(OSLO)


def format_local_datetime(moment: datetime | None) -> str:
    """'11. mars 2019 kl. 14:32' in Oslo time."""
    if moment is None:
        return ""
    local = to_local(moment)
    return f"{format_date(local.date(), 'd. MMMM y', locale='nb')} kl. {local:%H:%M}"


def format_local_date(moment: datetime | date | None) -> str:
    """'11.03.2019' in Oslo time."""
    if moment is None:
        return ""
    day = to_local(moment).date() if isinstance(moment, datetime) else moment
    return f"{day:%d.%m.%Y}"


def format_long_date(moment: datetime | date | None, locale: str = "nb") -> str:
    """'11. mars 2019' in Oslo time (Norwegian long date)."""
    if moment is None:
        return ""
    day = to_local(moment).date() if isinstance(moment, datetime) else moment
    return format_date(day, "d. MMMM y", locale=locale)


