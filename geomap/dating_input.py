"""Dates a user or a file gives: ``--date``, sidecar files and metadata fields.

These are checked strictly, because a wrong date here silently moves every report of an article:
an impossible day ("2022-02-30"), a year before 1900 or a day after tomorrow raise
:class:`~geomap.errors.BadDate` with a message that names the value, the file and the fix.

Accepted forms (:func:`parse_date`)::

    2022-02-27                     one day                    precision day
    2022/02/27, 27.02.2022         the same (27/02/2022 too; 03/07/2023 is ambiguous: refused)
    2022-02-27T10:30:00+02:00      the date part, as written  precision day
    2023-03   or  March 2023       that month                 precision month
    2023                           that year                  precision year
    2023-03-01..2023-04-15         a range (also "/" or " to ")
    March 7, 2023 / 7 March 2023 / Tue, 07 Mar 2023 10:00:00 GMT (RFC 2822)
    1678147200 or 1678147200000    Unix time in seconds or milliseconds (UTC)

Sidecar files (:func:`load_sidecar`) map article files to dates:

* CSV with a header row holding a file column (``file``, ``path`` or ``name``) and a ``date``
  column, e.g. ``file,date`` / ``002.txt,2022-02-27``;
* JSON: an object ``{"002.txt": "2022-02-27"}`` or a list of ``{"file": ..., "date": ...}``.

A file name matches an article by its path as given, its path relative to the sidecar's folder,
or its base name (in that order); one record of a JSON Lines or CSV file is ``name.jsonl:LINE``
(a JSON list item ``name.json[INDEX]``), the source the article carries. A directory's own
``dates.csv`` / ``dates.json`` is used automatically by :func:`geomap.articles.read_paths`.
"""

from __future__ import annotations

import calendar
import contextlib
import csv
import datetime as dt
import email.utils
import io
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geomap.dating_rules import MONTH_RE, MONTHS, WEEKDAYS
from geomap.dating_scan import windowed_finditer
from geomap.errors import BadDate
from geomap.models import DateGuess, Precision

__all__ = [
    "SIDECAR_NAMES",
    "Found",
    "add_months",
    "check_day",
    "explicit_dates",
    "find_explicit",
    "guess_from_range",
    "load_sidecar",
    "parse_date",
    "precision_for",
    "shift",
    "sidecar_date",
]

#: File names read as sidecars when found in a directory given to ``read_paths``.
SIDECAR_NAMES = ("dates.csv", "dates.json")

_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z]*)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YMD_SLASH = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})")
_DMY_DOTS = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_YEAR = re.compile(r"(\d{4})")
_MDY = re.compile(rf"(?:\w+,?\s+)?({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}).*",
                  re.I)  # fmt: skip
_DMY = re.compile(rf"(?:\w+,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE})\.?,?\s+(\d{{4}}).*",
                  re.I)  # fmt: skip
_MY = re.compile(rf"({MONTH_RE})\.?,?\s+(\d{{4}})", re.I)
_RANGE_SEP = re.compile(r"\s*(?:\.\.|/| to )\s*")


def precision_for(earliest: dt.date, latest: dt.date) -> Precision:
    """The precision a range's width stands for: 1 day, ≤ 9 days, ≤ 92 days (a quarter), more."""
    width = (latest - earliest).days
    if width <= 0:
        return Precision.DAY
    if width <= 9:
        return Precision.WEEK
    if width <= 92:
        return Precision.MONTH
    return Precision.YEAR


def guess_from_range(
    earliest: dt.date,
    latest: dt.date,
    method: str,
    evidence: str = "",
    best: dt.date | None = None,
) -> DateGuess:
    """A DateGuess for ``[earliest, latest]``; the best guess defaults to the middle."""
    if best is None or not earliest <= best <= latest:
        best = earliest + (latest - earliest) // 2
    return DateGuess(best, earliest, latest, precision_for(earliest, latest), method, evidence)


def check_day(
    year: int, month: int, day: int, *, today: dt.date | None, text: str, source: str = ""
) -> dt.date:
    """Make a date, or raise BadDate naming ``text`` and why it cannot be true."""
    if not 1 <= month <= 12:
        raise BadDate(f"{text!r} has month {month}; months run from 1 to 12", source)
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise BadDate(f"{text!r} is not a real date ({name} {year} has {last} days)", source)
    if year < 1900:
        raise BadDate(f"{text!r}: year {year} is before 1900; is it a typo?", source)
    day_ = dt.date(year, month, day)
    if today is not None and day_ > today + dt.timedelta(days=1):
        raise BadDate(f"{text!r} is in the future (today is {today.isoformat()})", source)
    return day_


def _month_range(year: int, month: int, *, today: dt.date | None, text: str, source: str):
    first = check_day(year, month, 1, today=None, text=text, source=source)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    if today is not None and first > today + dt.timedelta(days=1):
        raise BadDate(f"{text!r} is in the future (today is {today.isoformat()})", source)
    return first, last


def _parse_one(text: str, *, today: dt.date | None, source: str) -> tuple[dt.date, dt.date]:
    s = text.strip()
    if m := _ISO_DAY.fullmatch(s):
        day = check_day(*map(int, m.groups()), today=today, text=s, source=source)
        return day, day
    if m := _YMD_SLASH.fullmatch(s):
        day = check_day(*map(int, m.groups()), today=today, text=s, source=source)
        return day, day
    if m := _DMY_DOTS.fullmatch(s):
        day = check_day(int(m[3]), int(m[2]), int(m[1]), today=today, text=s, source=source)
        return day, day
    if m := _SLASHED.fullmatch(s):
        a, b, year = int(m[1]), int(m[2]), int(m[3])
        if a <= 12 and b <= 12 and a != b:
            raise BadDate(
                f"{s!r} is ambiguous (day/month or month/day?); write it as YYYY-MM-DD", source
            )
        month, day_ = (b, a) if a > 12 else (a, b)
        day = check_day(year, month, day_, today=today, text=s, source=source)
        return day, day
    if m := _ISO_MONTH.fullmatch(s):
        return _month_range(int(m[1]), int(m[2]), today=today, text=s, source=source)
    if m := _YEAR.fullmatch(s):
        year = int(m[1])
        first = check_day(year, 1, 1, today=today, text=s, source=source)
        return first, dt.date(year, 12, 31)
    if m := _MDY.fullmatch(s):
        day = check_day(int(m[3]), MONTHS[m[1].lower()], int(m[2]), today=today, text=s,
                        source=source)  # fmt: skip
        return day, day
    if m := _DMY.fullmatch(s):
        day = check_day(int(m[3]), MONTHS[m[2].lower()], int(m[1]), today=today, text=s,
                        source=source)  # fmt: skip
        return day, day
    if m := _MY.fullmatch(s):
        return _month_range(int(m[2]), MONTHS[m[1].lower()], today=today, text=s, source=source)
    try:
        stamp = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        stamp = None
    if stamp is not None:
        day = check_day(stamp.year, stamp.month, stamp.day, today=today, text=s, source=source)
        return day, day
    raise BadDate(f"cannot read {text!r} as a date; write it as YYYY-MM-DD", source)


def _from_timestamp(value: float, *, method: str, today: dt.date | None, source: str) -> DateGuess:
    """A Unix timestamp in seconds or milliseconds (scraped JSON often has them), in UTC."""
    seconds = value / 1000 if abs(value) >= 1e11 else value
    try:
        stamp = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise BadDate(f"{value!r} is not a usable timestamp", source) from exc
    text = f"{value} (Unix time)"
    day = check_day(stamp.year, stamp.month, stamp.day, today=today, text=text, source=source)
    return DateGuess.exact(day, method, text)


def parse_date(
    value: str | dt.date | DateGuess,
    *,
    method: str = "override",
    today: dt.date | None = None,
    source: str = "",
) -> DateGuess:
    """Read a date a user or a file gives, strictly (see the module docstring for the forms).

    Raises :class:`~geomap.errors.BadDate` for anything unreadable or impossible.

    >>> parse_date("2022-02-27").describe()
    "2022-02-27 (day; override: '2022-02-27')"
    >>> parse_date("2023-03", method="sidecar").precision.value
    'month'
    """
    if isinstance(value, DateGuess):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = check_day(value.year, value.month, value.day, today=today, text=value.isoformat(),
                        source=source)  # fmt: skip
        return DateGuess.exact(day, method)
    if isinstance(value, str) and re.fullmatch(r"\d{9,13}", value.strip()):
        value = int(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_timestamp(value, method=method, today=today, source=source)
    if not isinstance(value, str) or not value.strip():
        raise BadDate(f"empty or missing date {value!r}; write it as YYYY-MM-DD", source)
    text = value.strip()
    parts = _RANGE_SEP.split(text) if ".." in text or " to " in text else [text]
    if "/" in text and len(parts) == 1 and re.fullmatch(r"[\d-]+/[\d-]+", text):
        parts = text.split("/")
    if len(parts) == 2:
        lo = _parse_one(parts[0], today=today, source=source)[0]
        hi = _parse_one(parts[1], today=today, source=source)[1]
        if hi < lo:
            raise BadDate(f"{text!r}: the range ends before it starts", source)
        return guess_from_range(lo, hi, method, text)
    lo, hi = _parse_one(text, today=today, source=source)
    if lo == hi:
        return DateGuess.exact(lo, method, text)
    return guess_from_range(lo, hi, method, text)


_FILE_KEYS = ("file", "path", "name", "filename")


def load_sidecar(
    path: str | os.PathLike[str], *, today: dt.date | None = None
) -> dict[str, DateGuess]:
    """Read a sidecar file (CSV or JSON) into ``{file name: DateGuess}`` (method "sidecar").

    Raises :class:`~geomap.errors.BadDate` (naming the file and line) for a bad date, and
    :class:`~geomap.errors.InputError` for a file that cannot be read.
    """
    from geomap.errors import InputError

    source = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the date sidecar file: {exc}", source) from exc
    pairs: list[tuple[str, str, str]] = []  # (file, date, where)
    if source.lower().endswith(".json") or raw.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"broken JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", source
            ) from exc
        if isinstance(data, Mapping):
            pairs = [(str(k), v, source) for k, v in data.items()]
        elif isinstance(data, list):
            for i, row in enumerate(data):
                key = next((k for k in _FILE_KEYS if isinstance(row, Mapping) and k in row), None)
                if key is None or "date" not in row:
                    raise InputError(f"item {i} needs a 'file' and a 'date'", source)
                pairs.append((str(row[key]), row["date"], f"{source}[{i}]"))
        else:
            raise InputError("expected an object {file: date} or a list of objects", source)
    else:
        reader = csv.DictReader(io.StringIO(raw))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        key = next((k for k in _FILE_KEYS if k in fields), None)
        if key is None or "date" not in fields:
            raise InputError(
                "a CSV sidecar needs a header row with a 'file' and a 'date' column", source
            )
        reader.fieldnames = fields
        for row in reader:
            pairs.append((row[key].strip(), row["date"] or "", f"{source}:{reader.line_num}"))
    dates = {}
    for name, value, where in pairs:
        if name:
            guess = parse_date(value, method="sidecar", today=today, source=where)
            # The evidence names the sidecar line, so a reader can find and fix it.
            dates[name] = DateGuess(guess.best, guess.earliest, guess.latest, guess.precision,
                                    "sidecar", f"{where}: {value}")  # fmt: skip
    return dates


def sidecar_date(
    mapping: Mapping[str, DateGuess], path: str, sidecar_dir: str | None = None
) -> DateGuess | None:
    """The sidecar's date for ``path``: by path as given, relative to the sidecar, or base name."""
    candidates = [path, os.path.normpath(path)]
    if sidecar_dir is not None:
        with contextlib.suppress(ValueError):  # another drive on Windows
            candidates.append(os.path.relpath(path, sidecar_dir))
    candidates.append(os.path.basename(path))
    for name in candidates:
        if name in mapping:
            return mapping[name]
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, the day clipped to the month's length."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shift(day: dt.date, amount: float, unit: str) -> dt.date:
    """``day`` moved by ``amount`` units (day/week/month/year), fractions of months in days."""
    unit = unit.rstrip("s").lower()
    if unit == "day":
        return day + dt.timedelta(days=round(amount))
    if unit == "week":
        return day + dt.timedelta(days=round(amount * 7))
    months = amount * (12 if unit == "year" else 1)
    whole = int(months // 1)
    return add_months(day, whole) + dt.timedelta(days=round((months - whole) * 30.4))


# --- dates written in running text ---------------------------------------------------------

_WD = (
    r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues|Tue|Wed|"
    r"Thurs|Thu|Fri|Sat|Sun)\.?,?\s+)?"
)
_YEAR_NEEDLES = ("19", "20")  # every full date has a year 19xx or 20xx
_EXPLICIT = re.compile(
    rf"\b{_WD}(?:(?P<m1>{MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH_RE})\.?,?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r"|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4}))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Found:
    """A calendar date written out in a text, with its span."""

    start: int
    end: int
    day: dt.date
    weekday_named: bool


def explicit_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every real calendar date written out in ``text``, as (start, end, date), in order.

    >>> explicit_dates("on May 30, 2022. And 2022-02-30 is no date.")
    [(3, 15, datetime.date(2022, 5, 30))]
    """
    return [(f.start, f.end, f.day) for f in find_explicit(text)]


def find_explicit(text: str) -> list[Found]:
    """Every real calendar date written out in ``text`` (skips impossible ones), in order."""
    found: list[Found] = []
    if not any(n in text for n in _YEAR_NEEDLES):
        return found  # most sentences: no year, no date (and no lower-casing to find that out)
    for start, end, m in windowed_finditer(_EXPLICIT, _YEAR_NEEDLES, text, margin=40):
        g = m.groupdict()
        try:
            if g["m1"]:
                day = dt.date(int(g["y1"]), MONTHS[g["m1"].lower()], int(g["d1"]))
            elif g["m2"]:
                day = dt.date(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
            elif g["y3"]:
                day = dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
            else:
                day = dt.date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
        except ValueError:  # "2022-02-30" in running text is a typo, not a date
            continue
        if day.year < 1900:
            continue
        # A named weekday that disagrees with the date makes the match doubtful but still a date.
        named = bool(g["wd"]) and day.weekday() == WEEKDAYS[g["wd"].lower().rstrip(".")]
        found.append(Found(start, end, day, named))
    return found
