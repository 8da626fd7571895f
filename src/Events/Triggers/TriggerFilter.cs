using System.Text;
using System.Text.RegularExpressions;

namespace Release.Events.Triggers;

/// <summary>
/// One <c>where:</c> entry: the data field at <see cref="Path"/> (dotted) must be a value that
/// matches <see cref="Pattern"/>, a glob where <c>*</c> is any run of characters and <c>?</c> one;
/// the whole value must match, case included. Numbers and booleans match as their JSON text.
/// </summary>
public sealed partial class TriggerFilter
{
    private readonly IReadOnlyList<string> segments;
    private readonly Regex glob;

    private TriggerFilter(string path, string pattern)
    {
        Path = path;
        Pattern = pattern;
        segments = path.Split('.');
        glob = new Regex(ToRegex(pattern), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    public string Path { get; }

    public string Pattern { get; }

    /// <summary>A filter, or null when the path is not dot-separated names (the caller says so, with its line).</summary>
    public static TriggerFilter? TryCreate(string path, string pattern) =>
        ValidPath(path) ? new TriggerFilter(path, pattern) : null;

    internal static bool ValidPath(string path) => DottedPath().IsMatch(path);

    internal bool Matches(EventFields fields) => fields.DataField(segments) is { } value && glob.IsMatch(value);

    public override string ToString() => $"{Path}={Pattern}";

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return regex.Append('$').ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)*$")]
    private static partial Regex DottedPath();
}
