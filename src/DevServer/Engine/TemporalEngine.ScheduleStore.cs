using Release.DevServer.Engine.Schedules;
using Release.DevServer.Persistence;

namespace Release.DevServer.Engine;

/// <summary>
/// Schedules in the database: each step writes the schedules it changed (one row each) just before
/// the runs it changed; at startup they come back and catch up with the time the server was down,
/// as the real server's scheduler workflows do after an outage (within their catchup windows).
/// </summary>
internal sealed partial class TemporalEngine
{
    private void CommitSchedules()
    {
        if (_changedSchedules.Count == 0)
        {
            return;
        }
        if (Options.Store is { } store)
        {
            store.WriteSchedules(_changedSchedules.Select(s => (s.Namespace, s.ScheduleId, s.Deleted ? null : ScheduleCodec.Write(s))).ToList());
        }
        _changedSchedules.Clear();
    }

    private void ResumeSchedules(SqliteExecutionStore store)
    {
        foreach (var state in store.LoadSchedules())
        {
            Step(() =>
            {
                FillScheduleDefaults(state);
                _schedules[(state.Namespace, state.ScheduleId)] = state;
                ProcessSchedule(state);
            });
        }
    }
}
