using System.Globalization;
using System.Text;
using Release.Analytics.Stats;
using static Release.Analytics.Html.Svg;

namespace Release.Analytics.Html;

/// <summary>
/// <c>release stats --html FILE</c>: one self-contained page (inline CSS and SVG, no script, no
/// request to anywhere) with the window's plots and tables, readable on a laptop and a phone.
/// </summary>
public static class StatsPage
{
    public static string Render(StatsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var summaries = report.ProjectSummaries;
        var page = new StringBuilder();
        page.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>CircleCI stats, {E(Span(report))}</title>
            <style>{StatsPageStyle.Css}</style>
            </head>
            <body>
            <header><h1>CircleCI stats</h1><p>{E(Span(report))} · {report.Projects.Count} project{(report.Projects.Count == 1 ? "" : "s")} · the trend compares with the {E(DurationText.Format(report.Window))} before</p></header>
            <main>
            """);
        page.Append("""<section aria-labelledby="s-projects"><h2 id="s-projects">Projects</h2><div class="pair">""");
        page.Append("<figure>").Append(BarChart.Render(
            "success", "Workflow success rate per project", "Share of workflows that passed, of those that ended, per project.",
            summaries.Select(s => (s.Project, s.SuccessRate ?? 0, $"{Percent(s.SuccessRate)} of {s.WorkflowRuns}")).ToList(), scale: 1))
            .Append("<figcaption>Workflow success rate</figcaption></figure>");
        page.Append("<figure>").Append(BarChart.Render(
            "cost", "Credits per project", "Credits spent in the window per project, from insights where measured, else estimated from minutes and resource class rates.",
            summaries.Select(s => (s.Project, s.Credits, $"{Credits(s.Credits)} cr{(s.Source == CostSource.Insights ? " insights" : "")}")).ToList()))
            .Append("<figcaption>Credits: estimated, unless marked insights (measured by CircleCI)</figcaption></figure></div></section>");

        var slice = DurationSeriesCalculator.SliceOf(report.Window);
        var median = slice == TimeSpan.FromDays(1) ? "daily median" : $"median of each {DurationText.Format(slice)}";
        page.Append($"""<section aria-labelledby="s-durations"><h2 id="s-durations">Job durations over time</h2><p class="note">A dot per run (hollow red: failed); the line is the {E(median)}.</p><div class="grid">""");
        for (var i = 0; i < report.Series.Count; i++)
        {
            var series = report.Series[i];
            page.Append($"""<figure>{DurationPlot.Render(series, i)}<figcaption><b>{E(series.Job)}</b> <span>{E(series.Project)}</span></figcaption></figure>""");
        }

        page.Append("</div></section>");
        page.Append(StatsPageTables.Render(report));
        page.Append("</main></body></html>\n");
        return page.ToString();
    }

    private static string Span(StatsReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.From:yyyy-MM-dd HH:mm} to {report.To:yyyy-MM-dd HH:mm} UTC ({DurationText.Format(report.Window)})");
}
