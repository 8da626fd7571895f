namespace Release.DevServer.Engine.Schedules;

/// <summary>A schedule spec the real server refuses; the message is the reason it gives.</summary>
internal sealed class ScheduleSpecException(string message) : Exception(message);
