using System.Text.Json.Serialization;

namespace Release.ReleaseBench;

/// <summary>One line of the results table: a figure over several runs, against its goal.</summary>
internal sealed record Figure(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("runs")] int Runs,
    [property: JsonPropertyName("goal")] string? Goal = null,
    [property: JsonPropertyName("met")] bool? Met = null)
{
    public static Figure Over(string name, string unit, IReadOnlyCollection<double> values, string? goal = null, Func<double, bool>? meets = null)
    {
        var median = Percentiles.Median(values);
        return new Figure(name, unit, median, values.Min(), values.Max(), values.Count, goal, meets?.Invoke(median));
    }

    public string Row() =>
        $"{Name,-52} {Format(Median),10} {Format(Min),10} {Format(Max),10} {Unit,-9} {Goal ?? "",-14} {(Met is null ? "" : Met.Value ? "met" : "MISSED")}";

    public static string Header() =>
        $"{"figure",-52} {"median",10} {"min",10} {"max",10} {"unit",-9} {"goal",-14} verdict";

    private static string Format(double value) => Math.Abs(value) >= 100
        ? value.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)
        : value.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
}
