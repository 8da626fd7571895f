using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

/// <summary>
/// Releases a plan stage by stage. Each stage runs one <see cref="ComponentWorkflow"/> per component
/// in parallel; the first failure (or an abort) stops the stage, which is snapshotted and reported,
/// and ends the release. CircleCI pipelines are left running unless an abort asks otherwise.
/// </summary>
[Workflow]
public sealed partial class ReleaseWorkflow
{
    private readonly Dictionary<string, PipelineRef> pipelines = [];
    private readonly Dictionary<string, string> componentStatus = [];
    private readonly Dictionary<string, DateTimeOffset> componentFinishedAt = [];
    private readonly Dictionary<int, string> stageStatus = [];
    private readonly Dictionary<int, DateTimeOffset> stageStartedAt = [];
    private readonly List<StageReport> reports = [];
    private readonly ExecutionPlan plan;
    private AbortRequest? abort;
    private string status = "running";
    private int? currentStage;
    private int? lastMemoStage;

    // Set before any signal or query is handled, so `progress` answers from the first task.
    [WorkflowInit]
    public ReleaseWorkflow(ReleaseInput input) => plan = input.Plan;

    [WorkflowRun]
    public async Task<ReleaseSummary> RunAsync(ReleaseInput input)
    {
        // Releases started before release control (and dry runs, which start nothing) keep the
        // stage loop below, so that their histories replay; every other release is scheduled
        // by ReleaseScheduler, which adds decisions, approvals, pauses, resume and the graph.
        if (input.Settings.DryRun || !Workflow.Patched(Patches.ReleaseControl))
        {
            return await RunStagesAsync(input);
        }

        scheduler = new ReleaseScheduler(this, input);
        ReleaseSummary summary;
        try
        {
            summary = await scheduler.RunAsync();
        }
        catch (Exception e) when (PublishesEvents && e is FailureException or OperationCanceledException)
        {
            var (outcome, reason) = EndOf(e);
            PublishFinished(outcome, reason);
            await DeliverRemainingEventsAsync();
            throw;
        }

        PublishFinished(summary.Outcome, summary.Reason);
        await DeliverRemainingEventsAsync();
        return summary;
    }

    private async Task<ReleaseSummary> RunStagesAsync(ReleaseInput input)
    {
        foreach (var stage in plan.Stages)
        {
            if (abort is not null)
            {
                break;
            }

            currentStage = stage.Index;
            stageStartedAt[stage.Index] = Workflow.UtcNow;
            SetStatus("running", stage.Index);
            var report = await new StageRun(this, input, stage).RunAsync();
            reports.Add(report);
            stageStatus[stage.Index] = report.Outcome;
            if (report.Outcome is StageOutcomes.Failed or StageOutcomes.Aborted)
            {
                throw End(report.Outcome, StageReason.WithLaterStages(report.Reason, ComponentsAfter(stage.Index)));
            }
        }

        if (abort is not null)
        {
            throw End(StageOutcomes.Aborted, StageReason.WithLaterStages($"aborted before stage {currentStage + 1}: {abort.Reason}", ComponentsAfter(currentStage ?? 0)));
        }

        var outcome = input.Settings.DryRun ? StageOutcomes.DryRun : StageOutcomes.Succeeded;
        SetStatus(outcome, currentStage);
        return Summary(outcome, $"all {plan.Stages.Count} stages {(input.Settings.DryRun ? "planned" : "succeeded")}");
    }

    [WorkflowSignal("abort")]
    public async Task AbortAsync(AbortRequest request)
    {
        if (abort is null)
        {
            PublishAbort(request);

            // Who aborted is kept with the decisions and approvals, so the report says it too.
            if (request.By is not null && Workflow.Patched(Patches.AbortRecorded))
            {
                actions.Add(new OperatorAction(OperatorActionKinds.Abort, request.By, request.Reason, Workflow.UtcNow));
            }
        }

        abort ??= request;
        Wake = true;
    }

    [WorkflowSignal("component_triggered")]
    public async Task ComponentTriggeredAsync(ComponentTriggered triggered)
    {
        pipelines[triggered.Name] = triggered.Pipeline;
        scheduler?.PipelineTriggered(triggered.Name, triggered.Pipeline);

        // The scheduler marks a component "starting" before its child runs; a status set since
        // (an outcome, say, when the signal comes late) is newer and stays.
        if (componentStatus.GetValueOrDefault(triggered.Name, "starting") == "starting")
        {
            componentStatus[triggered.Name] = "running";
        }
    }

    /// <summary>Where the release is; with an ETA per stage and for the release when its components have expected durations.</summary>
    [WorkflowQuery("progress")]
    public ReleaseProgress GetProgress() =>
        expected.Count > 0 ? ReleaseEta.With(Progress(), expected, Workflow.UtcNow) : Progress();

    private ReleaseProgress Progress() => new(
        status,
        currentStage,
        plan.Stages.Select(s => new StageProgress(
            s.Index,
            stageStatus.GetValueOrDefault(s.Index, s.Index == currentStage ? "running" : "pending"),
            s.Components.Select(c => new ComponentProgress(
                c.Name,
                componentStatus.GetValueOrDefault(c.Name, s.Index == currentStage ? "starting" : "pending"),
                pipelines.GetValueOrDefault(c.Name)?.Number,
                pipelines.GetValueOrDefault(c.Name)?.WebUrl,
                pipelines.GetValueOrDefault(c.Name)?.TriggeredAt,
                componentFinishedAt.TryGetValue(c.Name, out var finished) ? finished : null)).ToList(),
            stageStartedAt.TryGetValue(s.Index, out var started) ? started : null)).ToList(),
        scheduler?.Schedule,
        scheduler?.Waiting(),
        paused,
        scheduler is null ? null : actions);

    /// <summary>The reports of the stages finished so far (all of them once the release ended).</summary>
    [WorkflowQuery("reports")]
    public IReadOnlyList<StageReport> GetReports() => reports;

    internal AbortRequest? Abort => abort;

    internal PipelineRef? PipelineOf(string component) => pipelines.GetValueOrDefault(component);

    internal void SetComponentStatus(string component, string value)
    {
        componentStatus[component] = value;

        // Kept in memory only (queries read it; no command depends on it), so histories replay as
        // before. The first end counts: a failure stays timed when it is later skipped; a retry restarts it.
        if (value is "starting" or "pending" or "queued")
        {
            componentFinishedAt.Remove(component);
        }
        else if (ComponentProgress.HasPipelineEnded(value))
        {
            componentFinishedAt.TryAdd(component, Workflow.UtcNow);
        }
    }

    internal void SetPipeline(string component, PipelineRef pipeline) => pipelines[component] = pipeline;

    internal void StageStarted(int stage)
    {
        stageStartedAt.TryAdd(stage, Workflow.UtcNow);
        stageStatus.TryAdd(stage, "running");
    }

    internal void SetCurrentStage(int? stage) => currentStage = stage;

    /// <summary>What the Web UI shows as the release's current details; a query answer, not a command.</summary>
    internal void RefreshDetails() =>
        Workflow.CurrentDetails = ReleaseDetails.Markdown($"Release {plan.ReleaseName} {plan.ReleaseVersion}", GetProgress(), Workflow.UtcNow);

    internal DateTimeOffset? StageStartedAt(int stage) => stageStartedAt.TryGetValue(stage, out var at) ? at : null;

    /// <summary>Keeps the reports in stage order, whatever order their snapshots finish in.</summary>
    internal void AddReport(StageReport report)
    {
        var at = reports.FindIndex(r => r.Stage.Index > report.Stage.Index);
        reports.Insert(at < 0 ? reports.Count : at, report);
        stageStatus[report.Stage.Index] = report.Outcome;
    }

    /// <summary>Only on the scheduler's path: the stage loop's commands must stay as they were recorded.</summary>
    internal void SetStatusIfChanged(string value, int? stage)
    {
        if (value != status || stage != lastMemoStage)
        {
            lastMemoStage = stage;
            SetStatus(value, stage);
        }
    }

    private void SetStatus(string value, int? stage)
    {
        status = value;
        Workflow.UpsertMemo(
            MemoUpdate.ValueSet("release", $"{plan.ReleaseName} {plan.ReleaseVersion}"),
            MemoUpdate.ValueSet("status", value),
            MemoUpdate.ValueSet("stage", stage ?? 0));

        // Only a release started with the search attributes has them registered on its namespace;
        // upserting an unregistered one would fail every workflow task on a real server.
        if (Workflow.TypedSearchAttributes.ContainsKey(ReleaseSearchAttributes.Status)
            && Workflow.TypedSearchAttributes.Get(ReleaseSearchAttributes.Status) != value)
        {
            Workflow.UpsertTypedSearchAttributes(ReleaseSearchAttributes.Status.ValueSet(value));
        }
    }

    private List<string> ComponentsAfter(int stage) =>
        plan.Stages.Where(s => s.Index > stage).SelectMany(s => s.Components).Select(c => c.Name).ToList();

    internal ApplicationFailureException End(string outcome, string reason)
    {
        SetStatus(outcome, currentStage);
        PublishFinished(outcome, reason);
        if (scheduler is not null)
        {
            RefreshDetails();
        }

        var kind = outcome == StageOutcomes.Aborted ? "ReleaseAborted" : "ReleaseFailed";
        return new ApplicationFailureException(
            $"Release {plan.ReleaseName} {plan.ReleaseVersion} {outcome} at stage {currentStage}: {reason}. "
            + "Pipelines were left as they are in CircleCI unless the abort asked to cancel them; see the stage report.",
            errorType: kind,
            nonRetryable: true,
            details: [Summary(outcome, reason)]);
    }

    internal ReleaseSummary Summary(string outcome, string reason) => scheduler is null
        ? new(plan.ReleaseName, plan.ReleaseVersion, outcome, reason, reports)
        : new(plan.ReleaseName, plan.ReleaseVersion, outcome, reason, reports, actions, AllPauses(), scheduler.Schedule);
}
