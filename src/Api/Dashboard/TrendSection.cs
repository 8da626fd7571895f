using System.Globalization;

namespace Release.Api.Dashboard;

/// <summary>
/// A release page's duration trends: per component, how long its project's successful pipelines
/// took over the last 30 days (median, p95, the latest) and a sparkline of them, oldest to newest.
/// Static for the page's life, so it sits outside the part the live script replaces.
/// </summary>
internal static class TrendSection
{
    private const double Width = 120, Height = 32, Pad = 3;

    public static Markup Render(TrendsView? view)
    {
        if (view is null)
        {
            return Markup.Empty;
        }

        var body = view.Unavailable is { } why
            ? Html.Of($"""<p class="empty">No trends: {why}</p>""")
            : view.Trends.All(t => t.Pipelines.Count == 0)
                ? Html.Of($"""<p class="empty">No successful pipeline of these projects in the last {DurationTrends.Window.Days} days in the analytics store: the worker's collector fills it (release collect run).</p>""")
                : Table(view);
        return Html.Of($"""
            <section class="trends" aria-labelledby="trends-title">
              <h2 id="trends-title">Duration trends</h2>
              <p class="muted">Successful pipelines of each component's project in the last {DurationTrends.Window.Days} days, from the analytics store.</p>
              {body}
            </section>
            """);
    }

    private static Markup Table(TrendsView view)
    {
        var rows = Markup.Join(view.Trends.Select(t => t.Pipelines.Count == 0
            ? Html.Of($"""
                <tr data-component="{t.Component}"><th scope="row">{t.Component}</th><td data-label="Pipelines" colspan="5">none in the window</td></tr>
                """)
            : Html.Of($"""
                <tr data-component="{t.Component}">
                  <th scope="row">{t.Component}</th>
                  <td data-label="Pipelines">{t.Pipelines.Count}</td>
                  <td data-label="Median" class="median">{Formats.Duration(t.Median?.TotalSeconds)}</td>
                  <td data-label="p95">{Formats.Duration(t.P95?.TotalSeconds)}</td>
                  <td data-label="Latest">{Formats.Duration(t.Pipelines[^1].Duration.TotalSeconds)}</td>
                  <td data-label="Trend">{Sparkline(t)}</td>
                </tr>
                """)));
        var omitted = view.Omitted > 0
            ? Html.Of($"""<p class="muted">{view.Omitted} more components are not shown.</p>""")
            : Markup.Empty;
        return Html.Of($"""
            <table class="releases trend-table">
              <thead><tr><th scope="col">Component</th><th scope="col">Pipelines</th><th scope="col">Median</th><th scope="col">p95</th><th scope="col">Latest</th><th scope="col">Trend</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            {omitted}
            """);
    }

    // Oldest at the left; the tallest pipeline touches the top. Its text alternative says what the line shows.
    private static Markup Sparkline(ComponentTrend trend)
    {
        var durations = trend.Pipelines.Select(p => p.Duration.TotalSeconds).ToList();
        var max = Math.Max(durations.Max(), 1);
        var step = durations.Count > 1 ? (Width - (2 * Pad)) / (durations.Count - 1) : 0;
        var points = durations.Select((d, i) => (X: Pad + (i * step), Y: Height - Pad - (d / max * (Height - (2 * Pad))))).ToList();
        var line = string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")));
        var last = points[^1];
        var label = $"{trend.Component}: {durations.Count} pipelines from {Formats.Duration(durations.Min())} to {Formats.Duration(durations.Max())}, latest {Formats.Duration(durations[^1])}";
        return Html.Of($"""
            <svg class="spark" viewBox="0 0 {Width} {Height}" width="{Width}" height="{Height}" role="img" aria-label="{label}"><polyline points="{line}"/><circle cx="{last.X:0.#}" cy="{last.Y:0.#}" r="2.5"/></svg>
            """);
    }
}
