using System.Text;
using Release.Analytics.Stats;
using static Release.Analytics.Html.Svg;

namespace Release.Analytics.Html;

/// <summary>
/// One job's durations over the window as an inline SVG: a dot per run (failures hollow and red,
/// so colour is not the only cue) and the line of each slice's median.
/// </summary>
internal static class DurationPlot
{
    private const double Width = 480, Height = 200, Left = 60, Right = 12, Top = 12, Bottom = 28;

    public static string Render(DurationSeries series, int index)
    {
        var max = series.Runs.Max(r => r.Duration).TotalSeconds;
        var window = series.Slice * series.SliceP50.Count;
        double X(DateTimeOffset at) => Left + ((at - series.From) / window * (Width - Left - Right));
        double Y(TimeSpan d) => Height - Bottom - (max <= 0 ? 0 : d.TotalSeconds / max * (Height - Top - Bottom));
        var id = $"d{index}";
        var failures = series.Runs.Count(r => !r.Passed);
        var svg = new StringBuilder();
        svg.Append($"""<svg class="plot duration" role="img" aria-labelledby="{id}t {id}d" viewBox="0 0 {N(Width)} {N(Height)}" data-project="{E(series.Project)}" data-job="{E(series.Job)}" data-runs="{series.Runs.Count}">""");
        svg.Append($"""<title id="{id}t">{E(series.Job)} duration over time ({E(series.Project)})</title>""");
        svg.Append($"""<desc id="{id}d">{series.Runs.Count} runs, {failures} failed; longest {E(DurationText.Format(TimeSpan.FromSeconds(max)))}. The line is the median of each {E(DurationText.Format(series.Slice))}.</desc>""");
        // Axes and three gridlines, labelled in the page's duration format.
        foreach (var fraction in (double[])[0, 0.5, 1])
        {
            var y = Y(TimeSpan.FromSeconds(max * fraction));
            svg.Append($"""<line class="grid" x1="{N(Left)}" x2="{N(Width - Right)}" y1="{N(y)}" y2="{N(y)}"/>""");
            svg.Append($"""<text class="axis" x="{N(Left - 6)}" y="{N(y + 4)}" text-anchor="end">{E(DurationText.Format(TimeSpan.FromSeconds(Math.Round(max * fraction))))}</text>""");
        }

        svg.Append($"""<text class="axis" x="{N(Left)}" y="{N(Height - 8)}">{series.From:MMM d}</text>""");
        svg.Append($"""<text class="axis" x="{N(Width - Right)}" y="{N(Height - 8)}" text-anchor="end">{series.From + window:MMM d}</text>""");
        var median = series.SliceP50
            .Select((p50, i) => (p50, i))
            .Where(s => s.p50 is not null)
            .Select(s => $"{N(X(series.From + (series.Slice * (s.i + 0.5))))},{N(Y(s.p50!.Value))}");
        svg.Append($"""<polyline class="p50" points="{string.Join(' ', median)}"/>""");
        foreach (var run in series.Runs)
        {
            svg.Append($"""<circle class="run {(run.Passed ? "passed" : "failed")}" cx="{N(X(run.StartedAt))}" cy="{N(Y(run.Duration))}" r="3.5"><title>{run.StartedAt:yyyy-MM-dd HH:mm} {E(DurationText.Format(run.Duration))}{(run.Passed ? "" : " failed")}</title></circle>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
