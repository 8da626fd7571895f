using Temporalio.Api.Schedule.V1;

namespace Release.DevServer.Engine.Schedules;

/// <summary>
/// A canonical spec ready to answer "when is the next action after t": the earliest time any
/// calendar or interval matches, within start and end time, not excluded, then delayed by jitter.
/// </summary>
internal sealed class CompiledScheduleSpec
{
    private readonly ScheduleSpec _spec;
    private readonly List<CompiledCalendar> _calendars;
    private readonly List<CompiledCalendar> _excludes;
    private readonly string _jitterSeed;

    /// <param name="jitterSeed">Mixed into each action's jitter, so that one schedule's jitter is stable across calls.</param>
    public CompiledScheduleSpec(ScheduleSpec canonical, string jitterSeed = "")
    {
        _spec = canonical;
        _jitterSeed = jitterSeed;
        var zone = ScheduleTimeZone.Find(canonical.TimezoneName);
        _calendars = [.. canonical.StructuredCalendar.Select(c => new CompiledCalendar(c, zone))];
        _excludes = [.. canonical.ExcludeStructuredCalendar.Select(c => new CompiledCalendar(c, zone))];
    }

    /// <summary>The next action after <paramref name="after"/>: its nominal time and the jittered time it is taken at.</summary>
    public (DateTimeOffset Nominal, DateTimeOffset Actual)? Next(DateTimeOffset after)
    {
        var startTime = _spec.StartTime?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
        if (after < startTime.AddSeconds(-1))
        {
            // Jump to just before the allowed range, so its first second can still match.
            after = startTime.AddSeconds(-1);
        }
        DateTimeOffset? nominal = null;
        for (var i = 0; i < 100_000 && (nominal is null || Excluded(nominal.Value)); i++)
        {
            nominal = RawNext(after);
            if (nominal is not { } n || (_spec.EndTime is { } end && n > end.ToDateTimeOffset()))
            {
                return null;
            }
            after = n;
        }
        if (nominal is not { } found)
        {
            return null;
        }
        var jitter = _spec.Jitter?.ToTimeSpan() ?? TimeSpan.Zero;
        if (RawNext(found) is { } following && following - found < jitter)
        {
            // Jitter never pushes an action past the next nominal time.
            jitter = following - found;
        }
        return (found, found + JitterOf(found, jitter));
    }

    /// <summary>
    /// A delay below <paramref name="max"/> derived from the nominal time and the seed: the same on
    /// every call, so the times a describe shows are the times actions are taken (the real server
    /// hashes the same inputs, with another hash).
    /// </summary>
    private TimeSpan JitterOf(DateTimeOffset nominal, TimeSpan max)
    {
        var milliseconds = (ulong)Math.Min(max.TotalMilliseconds, uint.MaxValue);
        if (milliseconds == 0)
        {
            return TimeSpan.Zero;
        }
        var hash = 2166136261u;
        foreach (var b in BitConverter.GetBytes(nominal.ToUnixTimeSeconds()).Concat(System.Text.Encoding.UTF8.GetBytes(_jitterSeed)))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return TimeSpan.FromMilliseconds((double)((hash * milliseconds) >> 32));
    }

    private bool Excluded(DateTimeOffset nominal) => _excludes.Any(e => e.Matches(nominal));

    private DateTimeOffset? RawNext(DateTimeOffset after)
    {
        DateTimeOffset? best = null;
        foreach (var calendar in _calendars)
        {
            if (calendar.Next(after) is { } next && (best is null || next < best))
            {
                best = next;
            }
        }
        var seconds = after.ToUnixTimeSeconds();
        foreach (var interval in _spec.Interval)
        {
            var every = Math.Max((long)interval.Interval.ToTimeSpan().TotalSeconds, 1);
            var phase = Math.Max((long)(interval.Phase?.ToTimeSpan().TotalSeconds ?? 0), 0);
            var next = DateTimeOffset.FromUnixTimeSeconds((((seconds - phase) / every) + 1) * every + phase);
            if (best is null || next < best)
            {
                best = next;
            }
        }
        return best;
    }
}
