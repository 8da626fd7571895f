namespace Release.Workflows.CircleCi;

/// <summary>
/// The two-way table between an enum and the API's strings. Parsing ignores case and treats '-'
/// and '_' alike (the API itself mixes them: <c>not_run</c>, <c>setup-pending</c>), and never
/// throws: CircleCI adds values over time, and an unknown one must not crash a release.
/// </summary>
internal sealed class ApiValues<T>
    where T : struct, Enum
{
    private readonly Dictionary<string, T> byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<T, string> byValue = [];

    public ApiValues(params (T Value, string Api)[] pairs)
    {
        foreach (var (value, api) in pairs)
        {
            byKey[Key(api)] = value;
            byValue[value] = api;
        }
    }

    public T Parse(string? text) =>
        text is not null && byKey.TryGetValue(Key(text), out var value) ? value : default;

    public string ToApi(T value) => byValue.TryGetValue(value, out var api) ? api : "unknown";

    private static string Key(string text) => text.Trim().Replace('-', '_');
}
