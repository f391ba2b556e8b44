"""Times are stored in UTC and shown in Europe/Oslo."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from app.i18n import current_locale
from app.models.base import utcnow

OSLO = ZoneInfo("Europe/Oslo")
#: Babel patterns per language: Norwegian '11. mars 2019' and '11.03.2019', British English otherwise
LONG_DATE = {"nb": "d. MMMM y", "nn": "d. MMMM y", "en": "d MMMM y"}
SHORT_DATE = {"nb": "dd.MM.y", "nn": "dd.MM.y", "en": "dd/MM/y"}

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


def _locale(locale: str | None) -> str:
    return locale or current_locale()


def format_local_datetime(moment: datetime | None, locale: str | None = None) -> str:
    """'11. mars 2019 kl. 14:32' in Oslo time ('11 March 2019 at 14:32' in English)."""
    if moment is None:
        return ""
    local = to_local(moment)
    with force_locale(_locale(locale)):
        return _("%(date)s kl. %(time)s", date=format_long_date(local.date(), locale), time=local.strftime("%H:%M"))


def format_local_date(moment: datetime | date | None, locale: str | None = None) -> str:
    """'11.03.2019' in Oslo time ('11/03/2019' in English)."""
    if moment is None:
        return ""
    day = to_local(moment).date() if isinstance(moment, datetime) else moment
    return format_date(day, SHORT_DATE.get(_locale(locale), SHORT_DATE["nb"]), locale=_locale(locale))


def format_long_date(moment: datetime | date | None, locale: str | None = None) -> str:
    """'11. mars 2019' in Oslo time ('11 March 2019' in English); the active language unless given."""
    if moment is None:
        return ""
    day = to_local(moment).date() if isinstance(moment, datetime) else moment
    return format_date(day, LONG_DATE.get(_locale(locale), LONG_DATE["nb"]), locale=_locale(locale))


def format_time_left(deadline: datetime, now: datetime) -> str:
    """'13 dager og 23 timer', '5 dager', '3 timer', 'Fristen er ute' — for the consultee's countdown.

    Whole days and hours left, never rounded up: a clerk is not promised an hour that is not there,
    nor told «13 dager» with almost 14 left."""
    seconds = (deadline - now).total_seconds()
    if seconds <= 0:
        return _("Fristen er ute")
    days, hours = int(seconds // 86400), int(seconds // 3600)
    if days >= 2:
        in_days = ngettext("%(num)s dag", "%(num)s dager", days)
        if hours % 24 == 0:
            return in_days
        return _("%(days)s og %(hours)s", days=in_days, hours=ngettext("%(num)s time", "%(num)s timer", hours % 24))
    if hours >= 2:
        return ngettext("%(num)s time", "%(num)s timer", hours)
    minutes = max(1, int(seconds // 60))
    return ngettext("%(num)s minutt", "%(num)s minutter", minutes)


def format_iso_long_date(value: str | None) -> str:
    """An ISO date string ('2019-03-11') as '11. mars 2019'."""
    return format_long_date(date.fromisoformat(value)) if value else ""


def format_short_datetime(moment: datetime | None) -> str:
    """'23.11.2026 21:28' in Oslo time, for tables ('23/11/2026 21:28' in English)."""
    return f"{format_local_date(moment)} {to_local(moment):%H:%M}" if moment else ""


def day_off(moment: datetime) -> str | None:
    """Why the Oslo day of `moment` is no working day in Norway («lørdag», «søndag», «helligdag» in the active
    language), or None on a working day. Public holidays by the `holidays` package (Easter, Whit Monday, 17 May …)."""
    import holidays  # loaded on the first check, not with every page

    day = to_local(moment).date()
    if day in holidays.Norway(years=day.year):
        return _("helligdag")
    if day.weekday() >= 5:
        return format_date(day, "EEEE", locale=_locale(None))
    return None
