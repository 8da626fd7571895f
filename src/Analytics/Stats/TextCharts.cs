using System.Text;

namespace Release.Analytics.Stats;

/// <summary>Charts made of text, for a terminal: bars and sparklines of Unicode block characters.</summary>
public static class TextCharts
{
    private const string Levels = "▁▂▃▄▅▆▇█";

    // Eighths of a cell, so a bar's length is not rounded to whole characters.
    private static readonly string[] Partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

    /// <summary>A horizontal bar of <paramref name="value"/> scaled so that <paramref name="max"/> fills <paramref name="width"/> cells.</summary>
    public static string Bar(double value, double max, int width)
    {
        if (max <= 0 || value <= 0 || width <= 0)
        {
            return "";
        }

        var eighths = (int)Math.Round(Math.Min(value / max, 1) * width * 8);
        // A value above zero never disappears: it gets at least the thinnest bar.
        eighths = Math.Max(eighths, 1);
        return new string('█', eighths / 8) + Partial[eighths % 8];
    }

    /// <summary>
    /// One character per value, from ▁ (the smallest) to █ (the largest); a gap (null) is a space.
    /// All values equal give a flat line of ▄, neither "all low" nor "all high".
    /// </summary>
    public static string Sparkline(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToList();
        var present = list.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (present.Count == 0)
        {
            return new string(' ', list.Count);
        }

        var (low, high) = (present.Min(), present.Max());
        var text = new StringBuilder(list.Count);
        foreach (var value in list)
        {
            text.Append(value switch
            {
                null => ' ',
                _ when high == low => Levels[3],
                { } v => Levels[(int)Math.Round((v - low) / (high - low) * (Levels.Length - 1))],
            });
        }

        return text.ToString();
    }
}
