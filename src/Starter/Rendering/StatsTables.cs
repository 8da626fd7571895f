using System.Globalization;
using Release.Analytics.Stats;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>
/// <c>release stats</c> in a terminal: workflows, jobs (with a bar of each p50, scaled to the
/// longest, and a sparkline of its median per slice of the window), flaky jobs and cost. Charts are
/// block characters, not colours, so NO_COLOR and a pipe keep them.
/// </summary>
internal static class StatsTables
{
    private const int BarWidth = 12;

    public static void Write(IAnsiConsole console, StatsReport report)
    {
        if (report.Workflows.Count > 0)
        {
            console.Write(Workflows(report));
        }

        if (report.Jobs.Count > 0)
        {
            console.Write(Jobs(report));
        }

        if (report.Flaky.Count > 0)
        {
            console.Write(Flaky(report));
        }

        if (report.Costs.Count > 0)
        {
            console.Write(Costs(report));
        }
    }

    private static Table Workflows(StatsReport report)
    {
        var table = Titled("Workflows").AddColumn("Project").AddColumn("Workflow").AddColumns(Right("Runs"), Right("Passed"), Right("p50"), Right("p95"), Right("Max")).AddColumn("Trend");
        foreach (var w in report.Workflows)
        {
            table.AddRow(Markup.Escape(w.Project), Markup.Escape(w.Workflow), $"{w.Runs}", Percent(w.SuccessRate), D(w.P50), D(w.P95), D(w.Max), Trend(w.PreviousP50, w.P50, w.Regression));
        }

        return table;
    }

    private static Table Jobs(StatsReport report)
    {
        var longest = report.Jobs.Max(j => j.P50).TotalSeconds;
        var series = report.Series.ToDictionary(s => (s.Project, s.Job));
        var slice = DurationText.Format(DurationSeriesCalculator.SliceOf(report.Window));
        var table = Titled("Jobs").AddColumn("Project").AddColumn("Job").AddColumns(Right("Runs"), Right("Passed"), Right("p50"))
            .AddColumn(new TableColumn("p50 bar").NoWrap()).AddColumns(Right("p95"), Right("Max"), Right("Queued p50"))
            .AddColumn(new TableColumn($"p50 per {slice}").NoWrap()).AddColumn("Trend");
        foreach (var j in report.Jobs)
        {
            var line = series.TryGetValue((j.Project, j.Job), out var s) ? TextCharts.Sparkline(s.SliceP50.Select(p => p?.TotalSeconds)) : "";
            table.AddRow(
                Markup.Escape(j.Project), Markup.Escape(j.Job), $"{j.Runs}", Percent(j.SuccessRate), D(j.P50),
                TextCharts.Bar(j.P50.TotalSeconds, longest, BarWidth), D(j.P95), D(j.Max), D(j.QueueP50), line,
                Trend(j.PreviousP50, j.P50, j.Regression));
        }

        return table;
    }

    private static Table Flaky(StatsReport report)
    {
        var table = Titled("Flaky jobs: failed, then passed on the same commit").AddColumn("Project").AddColumn("Workflow").AddColumn("Job")
            .AddColumns(Right("Times"), Right("Last seen")).AddColumn("Commit");
        foreach (var f in report.Flaky)
        {
            table.AddRow(
                Markup.Escape(f.Project), Markup.Escape(f.Workflow), Markup.Escape(f.Job), $"{f.Occurrences}",
                f.LastSeen.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Markup.Escape(f.LastRevision is { Length: > 12 } r ? r[..12] : f.LastRevision ?? ""));
        }

        return table;
    }

    private static Table Costs(StatsReport report)
    {
        var table = Titled("Cost").AddColumn("Project").AddColumn("Workflow").AddColumns(Right("Jobs"), Right("Minutes"), Right("Credits")).AddColumn("Source");
        foreach (var c in report.Costs)
        {
            var source = c.Source.Label() + (c.UnpricedClasses.Count > 0 ? $" (no rate for {string.Join(", ", c.UnpricedClasses)}: --rates)" : "");
            table.AddRow(
                Markup.Escape(c.Project), Markup.Escape(c.Workflow), $"{c.Jobs}",
                c.Minutes.ToString("0.0", CultureInfo.InvariantCulture), c.Credits.ToString("#,0", CultureInfo.InvariantCulture), Markup.Escape(source));
        }

        return table;
    }

    private static Table Titled(string title) => new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));

    private static TableColumn Right(string header) => new TableColumn(header).RightAligned();

    private static string D(TimeSpan? duration) => DurationText.Format(duration);

    private static string Percent(double rate) => string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0}%");

    private static string Trend(TimeSpan? before, TimeSpan now, bool regression) => before is not { } was
        ? ""
        : regression
            ? $"[red]slower: p50 {D(was)} → {D(now)}[/]"
            : $"p50 was {D(was)}";
}
