using System.CommandLine;
using Release.Releases.Connection;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Manifest;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release resume ID</c>: a new run of a failed or aborted release that reuses every component
/// an earlier run released and triggers only the others (see <see cref="ResumePlanner"/>).
/// </summary>
internal sealed class ResumeCommand : Command
{
    private const string DefaultReason = "resumed with release resume";
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> id = Values.ReleaseId("Workflow id of the failed or aborted release.");
    private readonly Option<string?> manifest = new("--manifest")
    {
        Description = "Plan from this manifest (same release and version) instead of the earlier run's plan; a component whose version changed is released again.",
        HelpName = "file",
    };

    private readonly Option<string?> only = new("--only")
    {
        Description = "Trigger exactly these components (comma-separated); every other one must have succeeded in an earlier run.",
        HelpName = "a,b",
    };

    private readonly Option<int?> fromStage = Values.AtLeast("--from-stage", "Also trigger every component of this plan stage and the later ones.", 1, "stage");
    private readonly Option<bool> rerunFailed = new("--rerun-failed")
    {
        Description = "Re-run each failed CircleCI workflow from its failed jobs in its pipeline, instead of triggering a new pipeline.",
    };

    private readonly Option<string?> reason = OperatorOptions.Reason($"Why it is resumed (default \"{DefaultReason}\").", required: false);
    private readonly Option<string?> who = OperatorOptions.As();
    private readonly Option<bool> wait = new("--wait") { Description = "Follow the resumed release until it ends, as start --wait does." };

    public ResumeCommand(CommonOptions common, CliConsole console)
        : base("resume", "Run a failed or aborted release again, reusing every component an earlier run released.")
    {
        this.common = common;
        this.console = console;
        Add(id);
        Add(manifest);
        Add(only);
        Add(fromStage);
        Add(rerunFailed);
        Add(reason);
        Add(who);
        Add(wait);
        SetAction(ExecuteAsync);
    }

    // The earlier run's workers poll its task queue; a resume that went to the default queue would
    // wait for a worker that never comes. An explicit --task-queue (or TEMPORAL_TASK_QUEUE) wins.
    private string? ExplicitTaskQueue(ParseResult parsed, ConnectionSettings connection) =>
        parsed.GetValue(common.TaskQueue) is { Length: > 0 } || !string.IsNullOrWhiteSpace(console.Environment("TEMPORAL_TASK_QUEUE"))
            ? connection.TaskQueue
            : null;

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var json = parsed.GetValue(common.Json);
        var why = OperatorOptions.ReasonOf(parsed, reason, "", DefaultReason);
        var given = OperatorOptions.AsOf(parsed, who);
        var names = Only(parsed);
        if (names is not null && parsed.GetValue(fromStage) is not null)
        {
            throw CliException.Usage("--only and --from-stage choose what to trigger in two ways; give one of them");
        }

        var path = parsed.GetValue(manifest);
        var loaded = path is null ? null : ManifestLoader.Load(path, new ManifestParseOptions(), console, json);
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var state = await ReleaseLookup.GetAsync(client, parsed.GetRequiredValue(id), cancellationToken, console.Reports());

        // A release that cannot be resumed at all says so before anything about the manifest given.
        var order = new ResumeOrder(
            OperatorUpdates.Who(client, given), why, names, parsed.GetValue(fromStage), parsed.GetValue(rerunFailed),
            loaded is null || state.IsRunning || state.Succeeded ? null : PlanOf(loaded, path!, state), ExplicitTaskQueue(parsed, connection));
        var resumed = await ReleaseResumes.StartAsync(client, state, order, connection.TaskQueue, console.Warn, console.Reports(), cancellationToken);
        Print(resumed.Plan, state, resumed.RunId, connection, json, parsed.GetValue(wait));
        if (!parsed.GetValue(wait))
        {
            return ExitCodes.Success;
        }

        var final = await ReleaseWait.FollowAsync(client, state.WorkflowId, json, console, cancellationToken);
        return final is null ? ExitCodes.Interrupted : ReleaseWait.PrintOutcome(console, connection, final, json);
    }

    private List<string>? Only(ParseResult parsed)
    {
        if (parsed.GetValue(only) is not { } text)
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return names.Count > 0 ? names : throw CliException.Usage("--only needs component names, comma-separated (e.g. --only api,gateway)");
    }

    // The earlier run's branch still applies to components the manifest gives none.
    private ExecutionPlan PlanOf(LoadedManifest loaded, string path, ReleaseState state)
    {
        ManifestLoader.WriteWarnings(console, path, loaded.Warnings);
        var given = ExecutionPlanner.Build(loaded.Manifest, new PlanOptions { Branch = state.Input.Settings.Branch });
        ResumePlanner.CheckSameRelease(state.Input.Plan, given, path);
        if (given.Stages.Count == 0)
        {
            throw CliException.Usage($"{path}: {PlanPrinter.NothingToRelease(given)}");
        }

        var unbranched = given.Stages.SelectMany(s => s.Components).Where(c => c.Branch is null).Select(c => c.Name).ToList();
        if (unbranched.Count > 0)
        {
            throw CliException.Usage($"{path}: {string.Join(", ", unbranched.Take(3))}{(unbranched.Count > 3 ? "..." : "")} name no branch, and the earlier run had no --branch; set one in the manifest");
        }

        return ResumePlanner.KeepParameters(state.Input.Plan, given);
    }

    /// <param name="waiting">With --json, the one document is then the outcome's.</param>
    private void Print(ResumePlan resume, ReleaseState state, string runId, ConnectionSettings connection, bool json, bool waiting)
    {
        var reused = resume.Steps.Where(s => !s.Triggered).ToList();
        var triggered = resume.Steps.Where(s => s.Triggered).ToList();
        if (json)
        {
            if (!waiting)
            {
                JsonOutput.Write(console, new
                {
                    workflow_id = state.WorkflowId,
                    run_id = runId,
                    previous_run_id = resume.Resume.PreviousRunId,
                    status = "running",
                    by = resume.Resume.By,
                    reason = resume.Resume.Reason,
                    ui_url = connection.WorkflowLink(state.WorkflowId),
                    reused = reused.Select(s => new { name = s.Name, version = s.Version, stage = s.Stage, run_id = s.Reused!.RunId, pipeline_number = s.Reused.Pipeline.Number, web_url = s.Reused.Pipeline.WebUrl }),
                    triggered = triggered.Select(s => new { name = s.Name, version = s.Version, stage = s.Stage, why = s.Why, rerun_workflow_id = s.Rerun?.WorkflowId, rerun_pipeline_number = s.Rerun?.Pipeline.Number }),
                });
            }

            return;
        }

        var output = console.Out;
        output.MarkupLineInterpolated(
            $"Resumed release {state.ReleaseName} as workflow {state.WorkflowId} (run {runId}) from run {resume.Resume.PreviousRunId}: reusing {reused.Count}, triggering {triggered.Count}");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Stage").AddColumn("Component").AddColumn("Version").AddColumn("Action").AddColumn("Why");
        foreach (var step in resume.Steps)
        {
            var action = step.Reused is not null ? "reuse" : step.Rerun is not null ? "re-run failed workflow" : "trigger";
            table.AddRow(
                step.Stage.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(step.Name),
                Markup.Escape(step.Version),
                step.Reused is null ? $"[blue]{action}[/]" : $"[green]{action}[/]",
                Markup.Escape(step.Why));
        }

        output.Write(table);
        if (connection.WorkflowLink(state.WorkflowId) is { } link)
        {
            output.MarkupLineInterpolated($"Web UI: {link}");
        }

        output.MarkupLineInterpolated($"Follow it with: release watch {state.WorkflowId}");
    }
}
