using Google.Protobuf.WellKnownTypes;

namespace Release.DevServer.Engine;

/// <summary>
/// Retention, as the real server's: a closed run is deleted (history, describe, visibility, and its
/// rows in the database) once its namespace's retention has passed since it closed. The namespace's
/// own retention (RegisterNamespace) wins over the server's (<c>--retention</c>, 24 hours by default as
/// the namespaces of <c>temporal server start-dev</c>).
/// </summary>
internal sealed partial class TemporalEngine
{
    private TimeSpan RetentionOf(string ns) =>
        _namespaces.TryGetValue(ns, out var entry) && entry.Retention is { } own ? own : Options.Retention;

    /// <summary>Arms the deletion of a run that has just closed (or was loaded closed from the database).</summary>
    private void ScheduleRetention(ExecutionState run)
    {
        if (run.CloseTime is { } closed)
        {
            At(closed + RetentionOf(run.Namespace), () => ExpireRun(run));
        }
    }

    private void ExpireRun(ExecutionState run)
    {
        // The run may already be gone (DeleteWorkflowExecution) and is never running again once closed.
        if (!run.IsRunning && _runs.TryGetValue(run.Key, out var current) && ReferenceEquals(current, run))
        {
            ForgetRun(run);
        }
    }

    /// <summary>After a restart: closed runs expire on their schedule, or at once when overdue.</summary>
    private void ResumeRetention()
    {
        foreach (var run in _runs.Values.Where(r => !r.IsRunning).ToList())
        {
            Step(() => ScheduleRetention(run));
        }
    }

    private static Duration RetentionDuration(TimeSpan retention) => Duration.FromTimeSpan(retention);

    /// <summary>
    /// A registered namespace's retention: unset means the server's. A real cluster also enforces a
    /// minimum (configurable there); this server takes any positive one, so tests can use short ones.
    /// </summary>
    private static TimeSpan? RequestedRetention(Temporalio.Api.WorkflowService.V1.RegisterNamespaceRequest request)
    {
        if (request.WorkflowExecutionRetentionPeriod is not { } period || (period.Seconds == 0 && period.Nanos == 0))
        {
            return null;
        }
        var retention = period.ToTimeSpan();
        return retention > TimeSpan.Zero
            ? retention
            : throw Grpc.RpcErrors.InvalidArgument("A valid retention period is not set on request.");
    }
}
