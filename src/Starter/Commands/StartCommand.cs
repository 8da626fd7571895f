using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary><c>release start MANIFEST --branch B</c>: plan, start the release workflow, optionally follow it.</summary>
internal sealed class StartCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Argument<string> manifest = new("manifest") { Description = "Path of the release.json to release." };
    private readonly Option<string?> branch = new("--branch") { Description = "Branch to build, for components whose manifest entry names none." };
    private readonly Option<string[]> parameters = new("--param")
    {
        Description = "Pipeline parameter key=value for every component (repeatable; true/false and integers keep their type).",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "key=value",
    };

    private readonly Option<bool> dryRun = new("--dry-run") { Description = "Run the release without triggering any pipeline: plan and report only." };
    private readonly Option<bool> planOnly = new("--plan-only") { Description = "Print the execution plan and start nothing (no Temporal needed)." };
    private readonly Option<bool> strict = new("--strict") { Description = "Refuse a manifest with warnings, e.g. a stage entry that is not a component." };
    private readonly Option<bool> allowEmpty = new("--allow-empty") { Description = "Start the release even when it has nothing to release." };
    private readonly Option<bool> wait = new("--wait") { Description = "Follow the release with a live progress table until it ends, then print the report summary." };
    private readonly Option<double?> pollSeconds = Values.Seconds("--poll-interval", "Time between the first pipeline status polls: seconds or 500ms, 2s, 1m (default 2s; backs off 1.5x).");
    private readonly Option<bool> noEvents = new("--no-events") { Description = "Publish no events for this release (by default the worker publishes every transition: src/Events/README.md)." };
    private readonly ControlOptions control = new();

    public StartCommand(CommonOptions common, CliConsole console)
        : base("start", "Start a release from a manifest.")
    {
        this.common = common;
        this.console = console;
        Add(manifest);
        Add(branch);
        Add(parameters);
        Add(dryRun);
        Add(planOnly);
        Add(strict);
        Add(allowEmpty);
        Add(wait);
        Add(pollSeconds);
        Add(noEvents);
        foreach (var option in control.All)
        {
            Add(option);
        }

        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var json = parsed.GetValue(common.Json);
        var path = parsed.GetRequiredValue(manifest);
        var loaded = ManifestLoader.Load(path, new ManifestParseOptions(Strict: parsed.GetValue(strict)), console, json);
        var plan = ExecutionPlanner.Build(
            loaded.Manifest,
            new PlanOptions { Branch = parsed.GetValue(branch), Parameters = PipelineParameters.Parse(parsed.GetValue(parameters) ?? []) });
        var workflowId = ReleaseWorkflowOptions.WorkflowId(plan);
        if (parsed.GetValue(planOnly))
        {
            var planned = control.Apply(parsed, plan, Settings(parsed), console.Warn);
            if (json)
            {
                var document = PlanPrinter.PlanDocument(plan, workflowId, loaded.Warnings);
                document["control"] = System.Text.Json.JsonSerializer.SerializeToNode(JsonOutput.Control(planned), JsonOutput.Options);
                JsonOutput.Write(console, document);
            }
            else
            {
                ManifestLoader.WriteWarnings(console, path, loaded.Warnings);
                PlanPrinter.Print(console.Out, plan, workflowId);
                console.Out.MarkupLineInterpolated($"Runs with {ControlOptions.Describe(planned)}.");
                console.Out.MarkupLine("Nothing was started (--plan-only).");
            }

            return ExitCodes.Success;
        }

        ManifestLoader.WriteWarnings(console, path, loaded.Warnings);

        var input = ReleaseRequests.Prepare(
            plan,
            control.Apply(parsed, plan, Settings(parsed), console.Warn),
            path,
            parsed.GetValue(allowEmpty),
            "set the versions to release, or pass --allow-empty to start it anyway",
            "--branch");
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var handle = await ReleaseStarter.StartAsync(client, connection.TaskQueue, input, console.Warn, cancellationToken);
        var link = connection.WorkflowLink(workflowId);
        if (!json)
        {
            console.Out.MarkupLineInterpolated($"Started release {plan.ReleaseName} {plan.ReleaseVersion}{(input.Settings.DryRun ? " (dry run)" : "")} as workflow {workflowId} (run {handle.ResultRunId}) on task queue {connection.TaskQueue}");
            console.Out.MarkupLineInterpolated($"Runs with {ControlOptions.Describe(input.Settings)}.");
            if (link is not null)
            {
                console.Out.MarkupLineInterpolated($"Web UI: {link}");
            }
        }

        if (!parsed.GetValue(wait))
        {
            if (json)
            {
                JsonOutput.Write(console, new { workflow_id = workflowId, run_id = handle.ResultRunId, status = "running", ui_url = link });
            }
            else
            {
                console.Out.MarkupLineInterpolated($"Follow it with: release status {workflowId}");
            }

            return ExitCodes.Success;
        }

        var state = await ReleaseWait.FollowAsync(client, workflowId, json, console, cancellationToken);
        return state is null ? ExitCodes.Interrupted : ReleaseWait.PrintOutcome(console, connection, state, json);
    }

    private ReleaseSettings Settings(ParseResult parsed)
    {
        var poll = parsed.GetValue(pollSeconds);
        if (poll is <= 0 or > 3600 || poll is double.NaN)
        {
            throw CliException.Usage($"--poll-interval {poll} must be a number of seconds between 0 and 3600");
        }

        var watch = poll is { } seconds ? ReleaseRequests.Watch(TimeSpan.FromSeconds(seconds)) : null;
        return new ReleaseSettings(
            Branch: parsed.GetValue(branch), Watch: watch, DryRun: parsed.GetValue(dryRun), PublishEvents: parsed.GetValue(noEvents) ? false : null);
    }
}
