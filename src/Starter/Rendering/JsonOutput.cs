using System.Text.Json;
using System.Text.Json.Serialization;
using Release.Releases.Connection;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;

namespace Release.Starter.Rendering;

/// <summary>The <c>--json</c> documents: snake_case like the stage report schema, one document per command.</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Write(CliConsole console, object document) =>
        console.WriteRaw(JsonSerializer.Serialize(document, Options));

    public static object Plan(ExecutionPlan plan, string workflowId) => new
    {
        workflow_id = workflowId,
        release = plan.ReleaseName,
        version = plan.ReleaseVersion,
        stages = plan.Stages.Select(s => new
        {
            index = s.Index,
            manifest_stage = s.ManifestStage,
            components = s.Components.Select(c => new { name = c.Name, version = c.Version, project_slug = c.ProjectSlug, branch = c.Branch, parameters = c.Parameters }),
        }),
        skipped = plan.Skipped,
    };

    public static object Stages(ReleaseView view) => view.Stages.Select(s => new
    {
        index = s.Index,
        status = s.Status,
        eta = Eta(s.Eta),
        components = s.Components.Select(c => new
        {
            name = c.Name,
            status = c.Status,
            pipeline_number = c.PipelineNumber,
            link = c.Link,
            elapsed_seconds = c.Elapsed?.TotalSeconds,
            reused_from = c.ReusedFrom,
            decision = c.Decision,
        }),
    });

    /// <summary>When a stage or the release is expected to end (null: no prediction, e.g. no history or ended).</summary>
    public static object? Eta(Eta? eta) => eta is null ? null : new
    {
        ends_at = eta.EndsAt,
        late_at = eta.LateAt,
        partial = eta.Partial,
        without_history = eta.Unknown,
    };

    /// <summary>How a release was asked to run (start's control options).</summary>
    public static object Control(ReleaseSettings settings) => new
    {
        schedule = settings.Schedule ?? ReleaseSchedule.Stages,
        max_parallel = settings.MaxParallel,
        on_failure = settings.OnFailure ?? FailurePolicy.Stop,
        decision_timeout_seconds = settings.OnFailure == FailurePolicy.Ask ? (settings.DecisionTimeout ?? ReleaseSettings.DefaultDecisionTimeout).TotalSeconds : (double?)null,
        approve_before_stages = settings.ApproveBeforeStages ?? [],
        resumed_from_run = settings.Resume?.PreviousRunId,
    };

    public static object State(ReleaseState state, ConnectionSettings connection, ReleaseView view) => new
    {
        workflow_id = state.WorkflowId,
        run_id = state.RunId,
        release = state.Input.Plan.ReleaseName,
        version = state.Input.Plan.ReleaseVersion,
        status = state.Status,
        started_at = state.StartedAt,
        closed_at = state.ClosedAt,
        reason = state.Summary?.Reason ?? state.Failure,
        ui_url = connection.WorkflowLink(state.WorkflowId),
        eta = Eta(view.Eta),
        stages = Stages(view),
        control = Control(state.Input.Settings),
        schedule = view.Control?.Schedule,
        waiting = view.Control?.Waiting ?? [],
        paused = view.Control?.Paused,
        pauses = view.Control?.Pauses ?? [],
        actions = view.Control?.Actions ?? [],
    };
}
