using System.CommandLine;
using Release.Analytics.Onboarding;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Workflows.Collection;
using Release.Workflows.Manifest;
using Spectre.Console;
using Temporalio.Client;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release collect run</c>: reads the CircleCI history of onboarded projects into the worker's
/// analytics store, as one Temporal workflow (seed 001). Projects come from seed 001's fixture
/// files or from release manifests (every component's project).
/// </summary>
internal sealed class CollectCommand : Command
{
    public CollectCommand(CommonOptions common, CliConsole console)
        : base("collect", "Collect CircleCI history (pipelines, workflows, jobs) of onboarded projects for analytics.")
    {
        Add(new CollectRunCommand(common, console));
        Add(new CollectScheduleCommand(common, console));
        Add(new CollectExportCommand(console));
        foreach (var action in CollectScheduleActionCommand.All(common, console))
        {
            Add(action);
        }
    }
}

internal sealed class CollectRunCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly CollectSources sources = new();
    private readonly Option<bool> noWait = new("--no-wait") { Description = "Start the collection and return; `release collect run` otherwise waits for its end and prints what it read." };

    public CollectRunCommand(CommonOptions common, CliConsole console)
        : base("run", "Collect once: every project's pipelines since its last pull (all of them the first time).")
    {
        this.common = common;
        this.console = console;
        sources.AddTo(this);
        Add(noWait);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var projects = sources.Read(parsed);
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var input = new CollectInput(projects.Select(p => p.Slug).ToList(), sources.Settings(parsed));
        var id = $"collect-{DateTimeOffset.UtcNow:yyyyMMddTHHmmssZ}";
        var handle = await client.StartWorkflowAsync(
            (CollectWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(id, connection.TaskQueue) { StaticSummary = $"collect {projects.Count} CircleCI projects" });
        console.Out.MarkupLineInterpolated($"Started collection [bold]{id}[/] of {projects.Count} project{(projects.Count == 1 ? "" : "s")} on task queue {connection.TaskQueue}.");
        if (parsed.GetValue(noWait))
        {
            return ExitCodes.Success;
        }

        var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = cancellationToken });
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Project").AddColumn(new TableColumn("Pipelines").RightAligned())
            .AddColumn(new TableColumn("Workflows").RightAligned()).AddColumn(new TableColumn("Jobs").RightAligned()).AddColumn("Problem");
        foreach (var project in result.Projects)
        {
            table.AddRow(Markup.Escape(project.ProjectSlug), $"{project.Counts.Pipelines}", $"{project.Counts.Workflows}", $"{project.Counts.Jobs}", Markup.Escape(project.Error ?? ""));
        }

        console.Out.Write(table);
        return result.Projects.Any(p => p.Error is not null) ? ExitCodes.ReleaseFailed : ExitCodes.Success;
    }
}
