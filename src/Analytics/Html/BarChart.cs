using System.Text;
using static Release.Analytics.Html.Svg;

namespace Release.Analytics.Html;

/// <summary>A horizontal bar chart as an inline SVG, one labelled bar per row, its value written at its end.</summary>
internal static class BarChart
{
    // Narrow enough that a phone shows its text at a readable size once scaled to the screen.
    private const double Width = 480, Row = 28, Label = 150, ValueSpace = 170;

    /// <param name="kind">A class name for the chart (success, cost), so tests and styles find it.</param>
    public static string Render(string kind, string title, string description, IReadOnlyList<(string Label, double Value, string Text)> rows, double? scale = null)
    {
        var max = scale ?? (rows.Count == 0 ? 1 : Math.Max(rows.Max(r => r.Value), double.Epsilon));
        var height = Math.Max(rows.Count, 1) * Row + 8;
        var svg = new StringBuilder();
        svg.Append($"""<svg class="plot bars {kind}" role="img" aria-labelledby="{kind}t {kind}d" viewBox="0 0 {N(Width)} {N(height)}">""");
        svg.Append($"""<title id="{kind}t">{E(title)}</title><desc id="{kind}d">{E(description)}</desc>""");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, value, text) = rows[i];
            var y = 4 + (i * Row);
            var length = Math.Max(value / max * (Width - Label - ValueSpace), value > 0 ? 1 : 0);
            svg.Append($"""<text class="label" x="{N(Label - 8)}" y="{N(y + 18)}" text-anchor="end">{E(Shorten(label))}<title>{E(label)}</title></text>""");
            svg.Append($"""<rect class="bar" x="{N(Label)}" y="{N(y + 4)}" width="{N(length)}" height="{N(Row - 8)}"><title>{E(label)}: {E(text)}</title></rect>""");
            svg.Append($"""<text class="value" x="{N(Label + length + 6)}" y="{N(y + 18)}">{E(text)}</text>""");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    // Slugs such as gh/organisation/a-long-repository-name overflow the label column; the title keeps the whole.
    private static string Shorten(string label) => label.Length <= 20 ? label : "…" + label[^19..];
}
