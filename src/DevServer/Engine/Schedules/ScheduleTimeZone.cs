namespace Release.DevServer.Engine.Schedules;

/// <summary>A spec's time zone by IANA name; empty and "UTC" are UTC, "Local" is the server's zone, as Go's LoadLocation reads them.</summary>
internal static class ScheduleTimeZone
{
    public static TimeZoneInfo Find(string name)
    {
        if (name is "" or "UTC")
        {
            return TimeZoneInfo.Utc;
        }
        if (name == "Local")
        {
            return TimeZoneInfo.Local;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone)
            ? zone
            : throw new ScheduleSpecException($"unknown time zone {name}");
    }
}
