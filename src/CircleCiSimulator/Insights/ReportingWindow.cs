namespace Release.CircleCiSimulator;

/// <summary>The <c>reporting-window</c> values CircleCI's insights take; absent means last-90-days.</summary>
internal static class ReportingWindow
{
    public const string Default = "last-90-days";

    private static readonly IReadOnlyDictionary<string, TimeSpan> Windows = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["last-24-hours"] = TimeSpan.FromHours(24),
        ["last-7-days"] = TimeSpan.FromDays(7),
        ["last-30-days"] = TimeSpan.FromDays(30),
        ["last-60-days"] = TimeSpan.FromDays(60),
        ["last-90-days"] = TimeSpan.FromDays(90),
    };

    public static IEnumerable<string> Names => Windows.Keys;

    /// <summary>The window's length, or null for a value CircleCI would refuse.</summary>
    public static TimeSpan? Parse(string? value) =>
        string.IsNullOrEmpty(value) ? Windows[Default] : Windows.TryGetValue(value, out var span) ? span : null;
}
