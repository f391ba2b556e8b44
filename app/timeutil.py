"""Times are stored in UTC and shown in Europe/Oslo."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date

from app.models.base import utcnow

OSLO = ZoneInfo("Europe/Oslo")

__all__ = ["OSLO", "utcnow", "local_to_utc", "to_local", "format_local_datetime",
           "format_local_date", "format_long_date", "parse_moment"]


def local_to_utc(day: date, at: time = time(0, 0)) -> datetime:
    """A wall-clock moment in Oslo as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=OSLO).astimezone(UTC)


def parse_moment(text: str) -> datetime:
    """An ISO 8601 moment as aware UTC; without an offset it is Oslo time."""
    moment = datetime.fromisoformat(text.strip())
    return (moment if moment.tzinfo else moment.replace(tzinfo=OSLO)).astimezone(UTC)


def to_local(moment: datetime) -> datetime:
    """An aware datetime in Oslo time."""
    return moment.astimezone(OSLO)


def format_local_datetime(moment: datetime | None, locale: str = "nb") -> str:
    """'11. mars 2019 kl. 14:32' in Oslo time (month names in nb or nn)."""
    if moment is None:
        return ""
    local = to_local(moment)
    return f"{format_date(local.date(), 'd. MMMM y', locale=locale)} kl. {local:%H:%M}"


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




def format_time_left(deadline: datetime, now: datetime) -> str:
    """'om 5 dager', 'om 3 timer', 'fristen er ute' — for the consultee's countdown."""
    seconds = (deadline - now).total_seconds()
    if seconds <= 0:
        return "Fristen er ute"
    days, hours = int(seconds // 86400), int(seconds // 3600)
    if days >= 2:
        return f"{days} dager"
    if hours >= 2:
        return f"{hours} timer"
    return f"{max(1, int(seconds // 60))} minutter"


def format_iso_long_date(value: str | None) -> str:
    """An ISO date string ('2019-03-11') as '11. mars 2019'."""
    return format_long_date(date.fromisoformat(value)) if value else ""


def format_short_datetime(moment: datetime | None) -> str:
    """'23.11.2026 21:28' in Oslo time, for tables."""
    return f"{to_local(moment):%d.%m.%Y %H:%M}" if moment else ""
