using System.CommandLine;
using Release.CircleCiSimulator;
using Release.Releases.Connection;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Demo;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Spectre.Console;
using ExitCodes = Release.Starter.Cli.ExitCodes;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release demo</c>: a whole release in one process, on the embedded dev server and the CircleCI
/// simulator, with the files shipped in release-data/demo.
/// </summary>
internal sealed class DemoCommand : Command
{
    private const string Branch = "main";

    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Option<bool> failure = new("--failure") { Description = "Play the scenario where a stage-3 component fails its tests." };
    private readonly Option<double> timeScale = Values.Number(
        "--time-scale", "Wall-clock seconds per scenario second (default 1: pipelines take a few seconds; 0.1 is ten times faster).", "factor", 1);

    private readonly Option<string?> log = new("--log")
    {
        Description = "The worker's ECS JSON log file; the logger inserts the date before the extension (default: a new folder in the temp directory).",
        HelpName = "file",
    };

    private readonly Option<bool> keep = new("--keep")
    {
        Description = "Once the release ends, keep the dev server, its web UI and the worker up until Ctrl+C, to browse the release.",
    };

    public DemoCommand(CommonOptions common, CliConsole console)
        : base("demo", "Run a demo release end to end in this process (dev server, simulator, worker).")
    {
        this.common = common;
        this.console = console;
        Add(failure);
        Add(timeScale);
        Add(log);
        Add(keep);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var scale = parsed.GetValue(timeScale);
        if (!(scale > 0 && scale <= 100))
        {
            throw CliException.Usage($"--time-scale {scale} must be a positive number (at most 100)");
        }

        var json = parsed.GetValue(common.Json);
        var files = Path.Combine(AppContext.BaseDirectory, "demo");
        var plan = ExecutionPlanner.Build(ManifestLoader.Load(Path.Combine(files, "release.json")), new PlanOptions { Branch = Branch });
        var scenarioFile = Path.Combine(files, parsed.GetValue(failure) ? "scenario-failure.json" : "scenario.json");
        var logPath = parsed.GetValue(log) is { } given
            ? DemoLogFile.Check(given)
            : Path.Combine(Path.GetTempPath(), "release-demo", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}", "worker.json");

        await using var stack = await Release.LocalStack.LocalStack.StartAsync(ScenarioLoader.LoadFile(scenarioFile), scale, logPath, cancellationToken);
        var connection = new ConnectionSettings(new TemporalSettings { Address = stack.Address, TaskQueue = Release.LocalStack.LocalStack.TaskQueue }, stack.UiAddress);
        if (!json)
        {
            console.Out.MarkupLineInterpolated($"Temporal dev server: {stack.Address}{(stack.UiAddress is { } ui ? $" (web UI {ui})" : "")}");
            console.Out.MarkupLineInterpolated($"CircleCI simulator: {stack.SimulatorUrl} playing {Path.GetFileName(scenarioFile)} at time scale {scale}");
            console.Out.MarkupLineInterpolated($"Worker: task queue {Release.LocalStack.LocalStack.TaskQueue}, logging to {Path.GetDirectoryName(logPath)}");
            PlanPrinter.Print(console.Out, plan, ReleaseWorkflowOptions.WorkflowId(plan));
        }

        var workflowId = ReleaseWorkflowOptions.WorkflowId(plan);
        var input = new ReleaseInput(plan, new ReleaseSettings(Branch, Watch: Watch(scale)));
        await ReleaseStarter.StartAsync(stack.Client, connection.TaskQueue, input, console.Warn, cancellationToken);
        if (!json)
        {
            console.Out.MarkupLineInterpolated($"Started release {plan.ReleaseName} {plan.ReleaseVersion} as workflow {workflowId}");
        }

        var state = await ReleaseWait.FollowAsync(stack.Client, workflowId, json, console, cancellationToken);
        if (state is null)
        {
            // The release lives in this process: detaching means it stops with the demo.
            await console.Error.WriteLineAsync("release: the demo's server runs in this process, so the demo release stops with it");
            return ExitCodes.Interrupted;
        }

        var workflowLink = connection.WorkflowLink(workflowId);
        if (parsed.GetValue(keep))
        {
            return await KeepAsync(stack, connection, state, json, workflowLink, cancellationToken);
        }

        // Stopping the worker flushes its log, so the file is complete when named.
        await stack.DisposeAsync();
        var logFile = stack.WrittenLogFile() ?? logPath;
        var exitCode = ReleaseWait.PrintOutcome(console, connection, state, json, Extra(logFile, workflowLink));
        if (!json)
        {
            console.Out.MarkupLineInterpolated($"Worker log (ECS JSON, one line per event; each stage report under stage_report): {logFile}");
            console.Out.MarkupLineInterpolated($"Release events (CDEvents and seed 004 CloudEvents, one a line; no broker configured): {EventsLine(stack.EventsPath)}");
            if (workflowLink is not null)
            {
                console.Out.MarkupLineInterpolated($"The web UI stopped with the demo; run `release demo --keep` to keep it up and open the release at {workflowLink}");
            }
        }

        return exitCode;
    }

    private static string EventsLine(string path)
    {
        if (!File.Exists(path))
        {
            return $"none written to {path}";
        }

        var types = File.ReadLines(path)
            .Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)?["type"]?.GetValue<string>())
            .OfType<string>()
            .ToList();
        return $"{types.Count} in {path} ({types.Count(t => t.StartsWith("io.openci.", StringComparison.Ordinal))} of them seed 004)";
    }

    // The stack stays up until Ctrl+C, which here ends the demo rather than detaching from it, so
    // the exit code stays the release's.
    private async Task<int> KeepAsync(Release.LocalStack.LocalStack stack, ConnectionSettings connection, ReleaseState state, bool json, string? workflowLink, CancellationToken cancellationToken)
    {
        var exitCode = ReleaseWait.PrintOutcome(console, connection, state, json, Extra(stack.LogPath, workflowLink));
        if (!json)
        {
            console.Out.MarkupLineInterpolated($"Worker log (ECS JSON, complete once the demo stops; the logger dates the name): {stack.LogPath}");
            console.Out.MarkupLineInterpolated($"Temporal dev server {stack.Address} and the worker stay up.");
            if (workflowLink is not null)
            {
                console.Out.MarkupLineInterpolated($"Open the release in the web UI: {workflowLink} (all workflows: {connection.UiUrl})");
            }

            console.Out.MarkupLine("Press Ctrl+C to stop the demo.");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the way --keep ends.
        }

        await stack.DisposeAsync();
        return exitCode;
    }

    private static Dictionary<string, string> Extra(string logFile, string? workflowLink)
    {
        var extra = new Dictionary<string, string> { ["log_file"] = logFile };
        if (workflowLink is not null)
        {
            extra["ui_url"] = workflowLink;
        }

        return extra;
    }

    // Pipelines last a few scenario seconds: poll about twice per scenario second, so the table moves.
    private static WatchSettings Watch(double scale)
    {
        var initial = TimeSpan.FromSeconds(Math.Clamp(0.5 * scale, 0.05, 1));
        return WatchSettings.Default with { InitialInterval = initial, MaxInterval = initial * 2 };
    }
}
