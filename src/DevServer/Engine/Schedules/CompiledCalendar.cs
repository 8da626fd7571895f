using Temporalio.Api.Schedule.V1;

namespace Release.DevServer.Engine.Schedules;

/// <summary>
/// One structured calendar in its time zone: which wall-clock seconds it matches, and the first
/// matching instant after a given one. As in the real server, an empty list matches nothing, except
/// for years, where it matches every year (parsed calendars and the SDKs always fill the others).
/// </summary>
internal sealed class CompiledCalendar
{
    private readonly TimeZoneInfo _zone;
    private readonly bool[] _second;
    private readonly bool[] _minute;
    private readonly bool[] _hour;
    private readonly bool[] _dayOfMonth;
    private readonly bool[] _month;
    private readonly bool[] _dayOfWeek;
    private readonly HashSet<int>? _years;

    public CompiledCalendar(StructuredCalendarSpec calendar, TimeZoneInfo zone)
    {
        _zone = zone;
        _second = Bits(calendar.Second, 60);
        _minute = Bits(calendar.Minute, 60);
        _hour = Bits(calendar.Hour, 24);
        _dayOfMonth = Bits(calendar.DayOfMonth, 32);
        _month = Bits(calendar.Month, 13);
        _dayOfWeek = Bits(calendar.DayOfWeek, 7);
        _years = calendar.Year.Count == 0 ? null : [.. CalendarRanges.Values(calendar.Year)];
    }

    public bool Matches(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone).DateTime;
        return DayMatches(local) && _hour[local.Hour] && _minute[local.Minute] && _second[local.Second];
    }

    /// <summary>The first matching instant strictly after <paramref name="after"/>, at whole seconds; null if none before 2101.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var afterUtc = after.UtcDateTime;
        var local = TimeZoneInfo.ConvertTime(after, _zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, DateTimeKind.Unspecified).AddSeconds(1);
        // A fall-back hour repeats wall-clock times; start the search an hour early and let the instant check skip the past.
        if (_zone.IsAmbiguousTime(t) || _zone.IsAmbiguousTime(t.AddHours(-1)))
        {
            t = t.AddHours(-1);
        }
        while (t.Year <= CalendarRanges.MaxYear)
        {
            if (_years is not null && !_years.Contains(t.Year))
            {
                t = new DateTime(t.Year + 1, 1, 1);
                continue;
            }
            if (!_month[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1).AddMonths(1);
                continue;
            }
            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (NextSet(_hour, t.Hour) is not { } hour)
            {
                t = t.Date.AddDays(1);
                continue;
            }
            if (hour != t.Hour)
            {
                t = t.Date.AddHours(hour);
            }
            if (NextSet(_minute, t.Minute) is not { } minute)
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }
            if (minute != t.Minute)
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(minute);
            }
            if (NextSet(_second, t.Second) is not { } second)
            {
                t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute + 1);
                continue;
            }
            t = t.Date.AddHours(t.Hour).AddMinutes(t.Minute).AddSeconds(second);
            if (_zone.IsInvalidTime(t))
            {
                // Skipped by a spring-forward transition: this wall-clock time never happens.
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }
            foreach (var offset in Offsets(t))
            {
                var instant = new DateTimeOffset(t, offset);
                if (instant.UtcDateTime > afterUtc)
                {
                    return instant.ToUniversalTime();
                }
            }
            t = t.AddSeconds(1);
        }
        return null;
    }

    private IEnumerable<TimeSpan> Offsets(DateTime wallClock) =>
        _zone.IsAmbiguousTime(wallClock)
            ? _zone.GetAmbiguousTimeOffsets(wallClock).OrderByDescending(o => o)
            : [_zone.GetUtcOffset(wallClock)];

    private bool DayMatches(DateTime local) =>
        (_years is null || _years.Contains(local.Year)) && _month[local.Month] && _dayOfMonth[local.Day] && _dayOfWeek[(int)local.DayOfWeek];

    private static int? NextSet(bool[] bits, int from)
    {
        for (var i = from; i < bits.Length; i++)
        {
            if (bits[i])
            {
                return i;
            }
        }
        return null;
    }

    private static bool[] Bits(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, int size)
    {
        var bits = new bool[size];
        foreach (var v in CalendarRanges.Values(ranges).Where(v => v >= 0 && v < size))
        {
            bits[v] = true;
        }
        return bits;
    }
}
