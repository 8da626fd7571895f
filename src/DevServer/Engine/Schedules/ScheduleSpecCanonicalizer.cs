using Google.Protobuf.WellKnownTypes;
using Release.DevServer.Visibility;
using Temporalio.Api.Schedule.V1;

namespace Release.DevServer.Engine.Schedules;

/// <summary>
/// Brings a spec to the form the real server stores and describes: calendar specs and cron strings
/// become structured calendars (or intervals, for "@every"), a cron string's time zone moves to the
/// spec, and every range and interval is checked. Errors carry the real server's wording.
/// </summary>
internal static class ScheduleSpecCanonicalizer
{
    private const int MaxCommentLength = 200;

    public static ScheduleSpec Canonicalize(ScheduleSpec? given)
    {
        var spec = given?.Clone() ?? new ScheduleSpec();
        foreach (var calendar in spec.Calendar)
        {
            spec.StructuredCalendar.Add(FromCalendar(calendar));
        }
        spec.Calendar.Clear();
        foreach (var calendar in spec.ExcludeCalendar)
        {
            spec.ExcludeStructuredCalendar.Add(FromCalendar(calendar));
        }
        spec.ExcludeCalendar.Clear();
        string? cronZone = null;
        foreach (var cron in spec.CronString)
        {
            var (structured, interval, zone) = FromCron(cron);
            if (cronZone is not null && cronZone != zone)
            {
                throw new ScheduleSpecException("conflicting timezone names");
            }
            cronZone = zone;
            if (structured is not null)
            {
                spec.StructuredCalendar.Add(structured);
            }
            if (interval is not null)
            {
                spec.Interval.Add(interval);
            }
        }
        spec.CronString.Clear();
        if (!string.IsNullOrEmpty(cronZone))
        {
            if ((spec.TimezoneName.Length > 0 && spec.TimezoneName != cronZone) || !spec.TimezoneData.IsEmpty)
            {
                throw new ScheduleSpecException("conflicting timezone names");
            }
            spec.TimezoneName = cronZone;
        }
        foreach (var structured in spec.StructuredCalendar)
        {
            Validate(structured);
        }
        foreach (var interval in spec.Interval)
        {
            Validate(interval);
        }
        ScheduleTimeZone.Find(spec.TimezoneName);
        return spec;
    }

    /// <summary>Fills the defaults a described spec shows: a range's End at least its Start, Step at least 1.</summary>
    public static void FillRangeDefaults(ScheduleSpec spec)
    {
        foreach (var calendar in spec.StructuredCalendar.Concat(spec.ExcludeStructuredCalendar))
        {
            foreach (var r in new[] { calendar.Second, calendar.Minute, calendar.Hour, calendar.DayOfMonth, calendar.Month, calendar.Year, calendar.DayOfWeek }.SelectMany(x => x))
            {
                r.End = Math.Max(r.End, r.Start);
                r.Step = r.Step == 0 ? 1 : r.Step;
            }
        }
    }

    private static StructuredCalendarSpec FromCalendar(CalendarSpec calendar)
    {
        var errors = new List<string>();
        List<Temporalio.Api.Schedule.V1.Range> Field(string text, string name, string fallback, int min, int max, CalendarRanges.Mode mode)
        {
            try
            {
                return CalendarRanges.Parse(text, name, fallback, min, max, mode);
            }
            catch (ScheduleSpecException e)
            {
                errors.Add(e.Message);
                return [];
            }
        }
        var structured = new StructuredCalendarSpec
        {
            Second = { Field(calendar.Second, "Second", "0", 0, 59, CalendarRanges.Mode.Int) },
            Minute = { Field(calendar.Minute, "Minute", "0", 0, 59, CalendarRanges.Mode.Int) },
            Hour = { Field(calendar.Hour, "Hour", "0", 0, 23, CalendarRanges.Mode.Int) },
            DayOfWeek = { Field(calendar.DayOfWeek, "DayOfWeek", "*", 0, 7, CalendarRanges.Mode.DayOfWeek) },
            DayOfMonth = { Field(calendar.DayOfMonth, "DayOfMonth", "*", 1, 31, CalendarRanges.Mode.Int) },
            Month = { Field(calendar.Month, "Month", "*", 1, 12, CalendarRanges.Mode.Month) },
            Year = { Field(calendar.Year, "Year", "*", CalendarRanges.MinYear, CalendarRanges.MaxYear, CalendarRanges.Mode.Year) },
            Comment = calendar.Comment,
        };
        return errors.Count > 0 ? throw new ScheduleSpecException(string.Join(", ", errors)) : structured;
    }

    private static (StructuredCalendarSpec? Calendar, IntervalSpec? Interval, string Zone) FromCron(string text)
    {
        var cron = text.Trim();
        var zone = "";
        if (cron.StartsWith("TZ=", StringComparison.Ordinal) || cron.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = cron.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                throw new ScheduleSpecException("CronString has time zone but missing fields");
            }
            zone = cron[(cron.IndexOf('=', StringComparison.Ordinal) + 1)..space];
            cron = cron[(space + 1)..];
        }
        var comment = "";
        if (cron.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0)
        {
            comment = cron[(hash + 1)..].Trim();
            cron = cron[..hash];
        }
        cron = cron.Trim();
        if (cron.StartsWith("@every", StringComparison.Ordinal))
        {
            return (null, EveryInterval(cron), "");
        }
        cron = cron switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            _ => cron,
        };
        var f = cron.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var calendar = f.Length switch
        {
            5 => new CalendarSpec { Minute = f[0], Hour = f[1], DayOfMonth = f[2], Month = f[3], DayOfWeek = f[4] },
            6 => new CalendarSpec { Minute = f[0], Hour = f[1], DayOfMonth = f[2], Month = f[3], DayOfWeek = f[4], Year = f[5] },
            7 => new CalendarSpec { Second = f[0], Minute = f[1], Hour = f[2], DayOfMonth = f[3], Month = f[4], DayOfWeek = f[5], Year = f[6] },
            _ => throw new ScheduleSpecException("CronString does not have 5-7 fields"),
        };
        calendar.Comment = comment;
        return (FromCalendar(calendar), null, zone);
    }

    private static IntervalSpec EveryInterval(string cron)
    {
        var space = cron.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            throw new ScheduleSpecException("CronString does not have interval after @every");
        }
        var text = cron[(space + 1)..];
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var interval = new IntervalSpec { Interval = Duration.FromTimeSpan(ParseDuration(slash < 0 ? text : text[..slash])) };
        if (slash >= 0)
        {
            interval.Phase = Duration.FromTimeSpan(ParseDuration(text[(slash + 1)..]));
        }
        return interval;
    }

    private static TimeSpan ParseDuration(string text) =>
        DurationText.TryParse(text.Trim(), out var value) && !text.Contains(':', StringComparison.Ordinal)
            ? value
            : throw new ScheduleSpecException($"time: invalid duration \"{text}\"");

    private static void Validate(StructuredCalendarSpec calendar)
    {
        var errors = new List<string>();
        void Check(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges, string field, int min, int max)
        {
            foreach (var r in ranges)
            {
                if (r.Start < min || r.Start > max)
                {
                    errors.Add($"{field} Start is not in range [{min}-{max}]");
                }
                if (r.End != 0 && (r.End < r.Start || r.End > max))
                {
                    errors.Add($"{field} End is before Start or not in range [{min}-{max}]");
                }
                if (r.Step < 0)
                {
                    errors.Add($"{field} has invalid Step");
                }
            }
        }
        Check(calendar.Second, "Second", 0, 59);
        Check(calendar.Minute, "Minute", 0, 59);
        Check(calendar.Hour, "Hour", 0, 23);
        Check(calendar.DayOfMonth, "DayOfMonth", 1, 31);
        Check(calendar.Month, "Month", 1, 12);
        Check(calendar.Year, "Year", CalendarRanges.MinYear, CalendarRanges.MaxYear);
        Check(calendar.DayOfWeek, "DayOfWeek", 0, 6);
        if (calendar.Comment.Length > MaxCommentLength)
        {
            errors.Add("comment is too long");
        }
        if (errors.Count > 0)
        {
            throw new ScheduleSpecException("invalid calendar spec: " + string.Join(", ", errors));
        }
    }

    private static void Validate(IntervalSpec interval)
    {
        var every = interval.Interval?.ToTimeSpan() ?? TimeSpan.Zero;
        var phase = interval.Phase?.ToTimeSpan() ?? TimeSpan.Zero;
        if (every < TimeSpan.FromSeconds(1))
        {
            throw new ScheduleSpecException("interval is too small");
        }
        if (phase < TimeSpan.Zero)
        {
            throw new ScheduleSpecException("phase is negative");
        }
        if (phase >= every)
        {
            throw new ScheduleSpecException("phase cannot be greater than Interval");
        }
    }
}
