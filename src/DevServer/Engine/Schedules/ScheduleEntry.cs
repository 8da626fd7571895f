using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.Schedule.V1;

namespace Release.DevServer.Engine.Schedules;

/// <summary>
/// One schedule: what the user gave (schedule, memo, search attributes) and what the server keeps
/// (info, conflict token, the time processed up to, starts waiting on the overlap policy, backfills
/// not yet expanded). Everything but <see cref="Spec"/> and the wake-up is persisted.
/// </summary>
internal sealed class ScheduleEntry
{
    public required string Namespace { get; init; }
    public required string ScheduleId { get; init; }
    public required Schedule Schedule { get; set; }
    public ScheduleInfo Info { get; set; } = new();
    public Memo? Memo { get; set; }

    /// <summary>The user's search attributes; TemporalSchedulePaused is derived from the state.</summary>
    public SearchAttributes? SearchAttributes { get; set; }
    public long ConflictToken { get; set; } = 1;

    /// <summary>The create request's id: a retried create with the same id succeeds, as a retried start does.</summary>
    public string CreateRequestId { get; init; } = "";

    /// <summary>Actions due at or before this time have been handled (started, buffered, skipped or missed).</summary>
    public DateTimeOffset LastProcessedTime { get; set; }
    public List<BufferedStart> Buffer { get; } = [];
    public List<BackfillRequest> Backfills { get; } = [];
    public Payloads? LastCompletionResult { get; set; }
    public Failure? ContinuedFailure { get; set; }

    /// <summary>Compiled from <see cref="Schedule"/>'s spec whenever it changes.</summary>
    public CompiledScheduleSpec Spec { get; set; } = null!;

    /// <summary>When the next timer is due; a timer that fires for another time is stale and does nothing.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    public bool Deleted { get; set; }

    public string WorkflowId => ScheduleWorkflowId(ScheduleId);

    /// <summary>The real server runs each schedule as a workflow with this id; errors mention it.</summary>
    public static string ScheduleWorkflowId(string scheduleId) => "temporal-sys-scheduler:" + scheduleId;
}

/// <summary>An action waiting to start: when it was due, when it was to be taken, by which overlap policy.</summary>
internal sealed record BufferedStart(DateTimeOffset Nominal, DateTimeOffset Actual, ScheduleOverlapPolicy OverlapPolicy, bool Manual);
