using System.CommandLine;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Workflows.Collection;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release collect schedule --every 1h</c>: the same collection on a Temporal schedule, which
/// Temporal's own tooling (Web UI, <c>temporal schedule</c>) lists, pauses and triggers. Running it
/// again updates the schedule: scripts can call it idempotently.
/// </summary>
internal sealed class CollectScheduleCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly CollectSources sources = new();
    private readonly Option<double?> every = Values.Seconds("--every", "How often to collect, e.g. 1h, 30m, 1d (at least 1m).");
    private readonly Option<string?> id = new("--id") { Description = "Schedule id (default collect-<fixture's native slug or release name, lowercased, e.g. collect-gravitee-io-apim>)." };

    public CollectScheduleCommand(CommonOptions common, CliConsole console)
        : base("schedule", "Collect on a Temporal schedule (created, or updated when it exists); pause or trigger it with Temporal's tools.")
    {
        this.common = common;
        this.console = console;
        sources.AddTo(this);
        Add(every);
        Add(id);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var interval = parsed.GetValue(every) is { } seconds ? TimeSpan.FromSeconds(seconds) : throw CliException.Usage("--every is required, e.g. --every 1h");
        if (interval < TimeSpan.FromMinutes(1))
        {
            throw CliException.Usage($"--every {interval.TotalSeconds:0.###}s is too often; collect at most once a minute (CircleCI rate-limits API calls)");
        }

        var (native, projects) = sources.ReadNamed(parsed);
        var scheduleId = parsed.GetValue(id) ?? $"collect-{Slug(native)}";
        var connection = common.Connection(parsed, console);
        var client = await TemporalConnector.ConnectAsync(connection, cancellationToken);
        var input = new CollectInput(projects.Select(p => p.Slug).ToList(), sources.Settings(parsed));
        var schedule = new Schedule(
            ScheduleActionStartWorkflow.Create(
                (CollectWorkflow wf) => wf.RunAsync(input),
                new WorkflowOptions(scheduleId, connection.TaskQueue) { StaticSummary = $"collect {projects.Count} CircleCI projects" }),
            new ScheduleSpec { Intervals = [new ScheduleIntervalSpec(interval)] })
        {
            // A collection still running when the next is due is not doubled: the next one reads what it missed.
            Policy = new SchedulePolicy { Overlap = Temporalio.Api.Enums.V1.ScheduleOverlapPolicy.Skip },
        };

        var verb = "Created";
        try
        {
            await client.CreateScheduleAsync(scheduleId, schedule, new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
        catch (ScheduleAlreadyRunningException)
        {
            await client.GetScheduleHandle(scheduleId).UpdateAsync(
                update => new ScheduleUpdate(update.Description.Schedule with { Action = schedule.Action, Spec = schedule.Spec, Policy = schedule.Policy }),
                new() { CancellationToken = cancellationToken });
            verb = "Updated";
        }

        var described = await client.GetScheduleHandle(scheduleId).DescribeAsync(new() { CancellationToken = cancellationToken });
        var next = described.Info.NextActionTimes.FirstOrDefault();
        console.Out.MarkupLineInterpolated(
            $"{verb} schedule [bold]{scheduleId}[/]: collects {projects.Count} project{(projects.Count == 1 ? "" : "s")} every {Durations(interval)}{(next is { } at ? $", next at {at:u}" : "")}. Pause or trigger it in the Temporal Web UI or with `temporal schedule`.");
        return ExitCodes.Success;
    }

    // "Gravitee.io APIM" → "gravitee-io-apim": an id that needs no quoting in a shell.
    private static string Slug(string name)
    {
        var slug = string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        return string.Join('-', slug.Split('-', StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } joined ? joined : "projects";
    }

    private static string Durations(TimeSpan interval) => Release.Workflows.Release.Control.Durations.Describe(interval);
}
