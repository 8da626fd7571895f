using System.Globalization;
using Temporalio.Api.Schedule.V1;

namespace Release.DevServer.Engine.Schedules;

/// <summary>
/// Turns one field of a calendar spec or cron string ("*", "1-5", "*/15", "mon-fri", "1,3,5-9/2")
/// into the ranges of a structured calendar, with the real server's defaults and error texts.
/// </summary>
internal static class CalendarRanges
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public enum Mode
    {
        Int,
        Year,
        Month,
        DayOfWeek,
    }

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public static List<Temporalio.Api.Schedule.V1.Range> Parse(string? text, string field, string fallback, int min, int max, Mode mode)
    {
        var s = string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();
        var ranges = new List<Temporalio.Api.Schedule.V1.Range>();
        if (s == "*" && mode == Mode.Year)
        {
            // Every year is an empty list, as the real server stores it.
            return ranges;
        }
        foreach (var item in s.Split(','))
        {
            var part = item;
            var step = 1;
            var hasStep = false;
            var slashes = part.Count(c => c == '/');
            if (slashes > 1)
            {
                throw new ScheduleSpecException($"{field} has too many slashes");
            }
            if (slashes == 1)
            {
                var pieces = part.Split('/');
                if (pieces[1].Length == 0)
                {
                    throw new ScheduleSpecException($"{field} missing step value");
                }
                if (!int.TryParse(pieces[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out step))
                {
                    throw new ScheduleSpecException($"strconv.Atoi: parsing \"{pieces[1]}\": invalid syntax");
                }
                if (step < 1)
                {
                    throw new ScheduleSpecException($"{field} has invalid Step");
                }
                part = pieces[0];
                hasStep = true;
            }
            int start = min, end = max;
            if (part != "*")
            {
                if (part.Contains('-', StringComparison.Ordinal))
                {
                    var bounds = part.Split('-');
                    if (bounds.Length != 2)
                    {
                        throw new ScheduleSpecException($"{field} has too many dashes");
                    }
                    start = Value(bounds[0], min, max, mode) ?? throw new ScheduleSpecException($"{field} Start is not in range [{min}-{max}]");
                    end = Value(bounds[1], start, max, mode) ?? throw new ScheduleSpecException($"{field} End is before Start or not in range [{min}-{max}]");
                }
                else
                {
                    start = Value(part, min, max, mode) ?? throw new ScheduleSpecException($"{field} is not in range [{min}-{max}]");
                    // "5/10" runs from 5 to the field's maximum; a bare "5" is just 5.
                    end = hasStep ? max : start;
                }
            }
            if (mode == Mode.DayOfWeek && end == 7)
            {
                // Sunday may be written 7; the stored form only has 0.
                if ((7 - start) % step == 0 && (step > 1 || start > 1))
                {
                    ranges.Add(new() { Start = 0 });
                    if (start == 7)
                    {
                        continue;
                    }
                }
                end = 6;
            }
            ranges.Add(new()
            {
                Start = start,
                End = start == end ? 0 : end,
                Step = step == 1 ? 0 : step,
            });
        }
        return ranges;
    }

    /// <summary>The values a list of ranges covers, as the real server reads them (End below Start means Start alone).</summary>
    public static IEnumerable<int> Values(IEnumerable<Temporalio.Api.Schedule.V1.Range> ranges)
    {
        foreach (var r in ranges)
        {
            var step = r.Step == 0 ? 1 : r.Step;
            var end = Math.Max(r.End, r.Start);
            for (var v = r.Start; v <= end; v += step)
            {
                yield return v;
            }
        }
    }

    private static int? Value(string text, int min, int max, Mode mode)
    {
        var names = mode switch
        {
            Mode.Month when text.Length >= 3 => MonthNames,
            Mode.DayOfWeek when text.Length >= 2 => DayNames,
            _ => null,
        };
        if (names is not null)
        {
            var lower = text.ToLowerInvariant();
            var index = Array.FindIndex(names, n => n.StartsWith(lower, StringComparison.Ordinal));
            if (index >= 0)
            {
                var value = mode == Mode.Month ? index + 1 : index;
                return value < min || value > max ? null : value;
            }
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : null;
    }
}
