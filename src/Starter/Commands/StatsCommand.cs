using System.CommandLine;
using Release.Analytics.Stats;
using Release.Analytics.Store;
using Release.Starter.Cli;
using Release.Starter.Rendering;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release stats</c>: how each collected project's jobs did over a window, read from the
/// analytics store that <c>release collect</c> fills (no Temporal needed).
/// </summary>
internal sealed class StatsCommand : Command
{
    private readonly CommonOptions common;
    private readonly CliConsole console;
    private readonly Option<string[]> projects = new("--project")
    {
        Description = "A CircleCI project slug, e.g. gh/acme/gateway (repeatable; default: every collected project).",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "slug",
    };

    private readonly Option<double?> since = Values.Seconds("--since", "The window, back from now: 30d, 12h (default 30d); the trend compares it with the window before.");
    private readonly Option<string?> store = new("--store") { Description = "The analytics store (env RELEASE_ANALYTICS_STORE; default the worker's SQLite file ~/.local/share/release/analytics.db)." };

    public StatsCommand(CommonOptions common, CliConsole console)
        : base("stats", "Job durations (p50, p95, max), success rates, queue times and slowdowns of collected CircleCI projects.")
    {
        this.common = common;
        this.console = console;
        Add(projects);
        Add(since);
        Add(store);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var location = parsed.GetValue(store) ?? console.Environment("RELEASE_ANALYTICS_STORE") ?? StoreLocation.DefaultPath;
        AnalyticsStore opened;
        try
        {
            opened = await AnalyticsStore.OpenAsync(location, cancellationToken);
        }
        catch (StoreException e)
        {
            throw CliException.Usage(e.Message);
        }

        var window = TimeSpan.FromSeconds(parsed.GetValue(since) ?? TimeSpan.FromDays(30).TotalSeconds);
        var now = DateTimeOffset.UtcNow;
        var slugs = parsed.GetValue(projects) is { Length: > 0 } named
            ? named
            : (await opened.ProjectsAsync(cancellationToken)).Select(p => p.Slug).ToArray();
        var current = new List<StoredJob>();
        var previous = new List<StoredJob>();
        foreach (var slug in slugs)
        {
            current.AddRange(await opened.JobsStartedAsync(slug, now - window, now, cancellationToken));
            previous.AddRange(await opened.JobsStartedAsync(slug, now - (2 * window), now - window, cancellationToken));
        }

        var stats = JobStatsCalculator.Compute(current, previous);
        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, stats.Select(s => new
            {
                project = s.Project,
                job = s.Job,
                runs = s.Runs,
                success_rate = s.SuccessRate,
                p50_seconds = s.P50.TotalSeconds,
                p95_seconds = s.P95.TotalSeconds,
                max_seconds = s.Max.TotalSeconds,
                queue_p50_seconds = s.QueueP50?.TotalSeconds,
                previous_p50_seconds = s.PreviousP50?.TotalSeconds,
                regression = s.Regression,
            }));
            return ExitCodes.Success;
        }

        if (stats.Count == 0)
        {
            console.Out.MarkupLine($"No job ended in the last {Markup.Escape(Workflows.Release.Control.Durations.Describe(window))} in {slugs.Length} project{(slugs.Length == 1 ? "" : "s")}; `release collect run` reads their history first.");
            return ExitCodes.Success;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Project").AddColumn("Job").AddColumn(new TableColumn("Runs").RightAligned()).AddColumn(new TableColumn("Passed").RightAligned())
            .AddColumn(new TableColumn("p50").RightAligned()).AddColumn(new TableColumn("p95").RightAligned()).AddColumn(new TableColumn("Max").RightAligned())
            .AddColumn(new TableColumn("Queued p50").RightAligned()).AddColumn("Trend");
        foreach (var s in stats)
        {
            table.AddRow(
                Markup.Escape(s.Project),
                Markup.Escape(s.Job),
                $"{s.Runs}",
                FormattableString.Invariant($"{s.SuccessRate * 100:0}%"),
                StatusStyle.Duration(s.P50),
                StatusStyle.Duration(s.P95),
                StatusStyle.Duration(s.Max),
                StatusStyle.Duration(s.QueueP50),
                Trend(s));
        }

        console.Out.Write(table);
        return ExitCodes.Success;
    }

    private static string Trend(JobStats s) => s.PreviousP50 is not { } before
        ? ""
        : s.Regression
            ? $"[red]slower: p50 {StatusStyle.Duration(before)} → {StatusStyle.Duration(s.P50)}[/]"
            : $"p50 was {StatusStyle.Duration(before)}";

}
