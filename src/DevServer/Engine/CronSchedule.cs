using Cronos;
using Release.DevServer.Visibility;

namespace Release.DevServer.Engine;

/// <summary>
/// A workflow's cron_schedule, in the forms the real server accepts: five standard fields (UTC unless
/// prefixed with <c>CRON_TZ=zone</c>), a descriptor such as <c>@hourly</c>, or <c>@every &lt;duration&gt;</c>
/// (for example <c>@every 30s</c>).
/// </summary>
internal sealed class CronSchedule
{
    private readonly CronExpression? _expression;
    private readonly TimeSpan _every;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(CronExpression? expression, TimeSpan every, TimeZoneInfo zone)
    {
        _expression = expression;
        _every = every;
        _zone = zone;
    }

    public static bool TryParse(string? text, out CronSchedule schedule)
    {
        schedule = null!;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return false;
        }
        var zone = TimeZoneInfo.Utc;
        if (trimmed.StartsWith("CRON_TZ=", StringComparison.Ordinal) || trimmed.StartsWith("TZ=", StringComparison.Ordinal))
        {
            // "CRON_TZ=Europe/Paris 0 9 * * *", as the real server's cron parser accepts.
            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || !TimeZoneInfo.TryFindSystemTimeZoneById(trimmed[(trimmed.IndexOf('=', StringComparison.Ordinal) + 1)..space], out var found))
            {
                return false;
            }
            zone = found;
            trimmed = trimmed[(space + 1)..].Trim();
        }
        if (trimmed.StartsWith("@every ", StringComparison.OrdinalIgnoreCase))
        {
            if (DurationText.TryParse(trimmed[7..].Trim(), out var every) && every >= TimeSpan.FromSeconds(1))
            {
                schedule = new CronSchedule(null, every, zone);
                return true;
            }
            return false;
        }
        if (CronExpression.TryParse(trimmed, CronFormat.Standard, out var expression))
        {
            schedule = new CronSchedule(expression, TimeSpan.Zero, zone);
            return true;
        }
        return false;
    }

    /// <summary>How long after <paramref name="now"/> the next scheduled run starts; null if the schedule never fires again.</summary>
    public TimeSpan? Backoff(DateTimeOffset now)
    {
        if (_expression is null)
        {
            return _every;
        }
        var next = _expression.GetNextOccurrence(now.UtcDateTime, _zone);
        return next is { } n ? new DateTimeOffset(n, TimeSpan.Zero) - now : null;
    }
}
