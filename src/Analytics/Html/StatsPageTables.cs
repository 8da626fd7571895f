using System.Globalization;
using System.Text;
using Release.Analytics.Stats;
using static Release.Analytics.Html.Svg;

namespace Release.Analytics.Html;

/// <summary>The page's tables: the figures behind the plots, for reading exact values and for screen readers.</summary>
internal static class StatsPageTables
{
    public static string Render(StatsReport report)
    {
        var html = new StringBuilder();
        Table(html, "s-workflows", "Workflows", 2, ["Project", "Workflow", "Runs", "Passed", "p50", "p95", "Max", "Trend"],
            report.Workflows.Select(w => (IReadOnlyList<string>)[w.Project, w.Workflow, $"{w.Runs}", Percent(w.SuccessRate), DurationText.Format(w.P50), DurationText.Format(w.P95), DurationText.Format(w.Max), Trend(w.Change, w.Regression)]));
        Table(html, "s-jobs", "Jobs", 2, ["Project", "Job", "Runs", "Passed", "p50", "p95", "Max", "Queued p50", "Trend"],
            report.Jobs.Select(j => (IReadOnlyList<string>)[j.Project, j.Job, $"{j.Runs}", Percent(j.SuccessRate), DurationText.Format(j.P50), DurationText.Format(j.P95), DurationText.Format(j.Max), DurationText.Format(j.QueueP50), Trend(j.PreviousP50 is { } was && was > TimeSpan.Zero ? (j.P50 - was) / was : null, j.Regression)]));
        Table(html, "s-flaky", "Flaky jobs (failed, then passed on the same commit)", 3, ["Project", "Workflow", "Job", "Times", "Last seen", "Commit"],
            report.Flaky.Select(f => (IReadOnlyList<string>)[f.Project, f.Workflow, f.Job, $"{f.Occurrences}", f.LastSeen.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), f.LastRevision is { Length: > 12 } r ? r[..12] : f.LastRevision ?? "–"]));
        Table(html, "s-cost", "Cost per workflow", 2, ["Project", "Workflow", "Jobs", "Minutes", "Credits", "Source"],
            report.Costs.Select(c => (IReadOnlyList<string>)[c.Project, c.Workflow, $"{c.Jobs}", N(Math.Round(c.Minutes, 1)), Credits(c.Credits), c.Source.Label() + (c.UnpricedClasses.Count > 0 ? $" (no rate for {string.Join(", ", c.UnpricedClasses)})" : "")]));
        return html.ToString();
    }

    private static string Trend(double? change, bool regression) => change is not { } c
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{(regression ? "slower " : "")}{(c >= 0 ? "+" : "")}{c * 100:0}%");

    /// <param name="textColumns">The leading columns that hold names, left-aligned; the others are figures, right-aligned.</param>
    private static void Table(StringBuilder html, string id, string title, int textColumns, string[] headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var list = rows.ToList();
        html.Append($"""<section aria-labelledby="{id}"><h2 id="{id}">{E(title)}</h2>""");
        if (list.Count == 0)
        {
            html.Append("<p class=\"note\">None in this window.</p></section>");
            return;
        }

        // Wide tables scroll inside their box on a phone rather than widening the page.
        html.Append($"""<div class="scroll" role="region" aria-labelledby="{id}" tabindex="0"><table><thead><tr>""");
        foreach (var header in headers)
        {
            html.Append($"<th scope=\"col\">{E(header)}</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in list)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                html.Append(i < textColumns ? $"<td>{E(row[i])}</td>" : $"<td class=\"n\">{E(row[i])}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div></section>");
    }
}
