using System.CommandLine;
using Release.Analytics.Html;
using Release.Analytics.Stats;
using Release.Analytics.Store;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Starter.Rendering;
using Spectre.Console;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release stats</c>: how each collected project's workflows and jobs did over a window, what
/// they cost and which are flaky, read from the analytics store that <c>release collect</c> fills
/// (no Temporal needed). As tables with charts, <c>--json</c>, or an HTML page (<c>--html</c>).
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
    private readonly AnalyticsStoreOption store = new();
    private readonly Option<string?> rates = new("--rates") { Description = "A YAML or JSON file of resource_class: credits_per_minute, over CircleCI's published rates.", HelpName = "file" };
    private readonly Option<string?> html = new("--html") { Description = "Also write a self-contained HTML page with plots to this file.", HelpName = "file" };

    public StatsCommand(CommonOptions common, CliConsole console)
        : base("stats", "Workflow and job durations (p50, p95, max, trend), success rates, queue times, flaky jobs and cost of collected CircleCI projects.")
    {
        this.common = common;
        this.console = console;
        Add(projects);
        Add(since);
        store.AddTo(this);
        Add(rates);
        Add(html);
        SetAction(ExecuteAsync);
    }

    private async Task<int> ExecuteAsync(ParseResult parsed, CancellationToken cancellationToken)
    {
        var window = TimeSpan.FromSeconds(parsed.GetValue(since) ?? TimeSpan.FromDays(30).TotalSeconds);
        if (window <= TimeSpan.Zero)
        {
            throw CliException.Usage($"--since {DurationText.Format(window)} is not a window back from now: give a positive duration such as 30d or 12h");
        }

        var priced = ReadRates(parsed.GetValue(rates));
        var opened = await store.OpenAsync(parsed, console, cancellationToken);
        var slugs = parsed.GetValue(projects) is { Length: > 0 } named
            ? named
            : (await opened.ProjectsAsync(cancellationToken)).Select(p => p.Slug).ToArray();

        var measured = await InsightCredits.ForWindowAsync(opened, slugs, window, cancellationToken);
        var report = await StatsReportReader.ReadAsync(opened, slugs, DateTimeOffset.UtcNow, window, priced, measured, cancellationToken);
        if (parsed.GetValue(html) is { } page)
        {
            WritePage(page, report);
        }

        if (parsed.GetValue(common.Json))
        {
            JsonOutput.Write(console, StatsJson.Document(report));
            return ExitCodes.Success;
        }

        if (report.Jobs.Count == 0 && report.Workflows.Count == 0)
        {
            console.Out.MarkupLine($"No job ended in the last {Markup.Escape(DurationText.Format(window))} in {slugs.Length} project{(slugs.Length == 1 ? "" : "s")}; `release collect run` reads their history first.");
        }
        else
        {
            StatsTables.Write(console.Out, report);
        }

        if (parsed.GetValue(html) is { } written)
        {
            console.Out.MarkupLine($"Wrote {Markup.Escape(Path.GetFullPath(written))}");
        }

        return ExitCodes.Success;
    }

    private static ResourceRates ReadRates(string? path)
    {
        try
        {
            return path is null ? ResourceRates.Default : RatesFile.Read(path);
        }
        catch (RatesFileException e)
        {
            throw CliException.Usage(e.Message);
        }
    }

    // Opening an SQLite path creates the file, which is right for the worker but would answer a
    // mistyped path here with an empty report.
    private static void WritePage(string path, StatsReport report)
    {
        try
        {
            File.WriteAllText(path, StatsPage.Render(report));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot write the page {path}: {e.Message}");
        }
    }
}
