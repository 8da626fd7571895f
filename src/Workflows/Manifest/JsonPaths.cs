namespace Release.Workflows.Manifest;

/// <summary>
/// Paths as people write them (<c>components[3].circleci.branch</c>), relative to the root, which
/// is the empty path. Property names in a manifest never contain dots or brackets.
/// </summary>
internal static class JsonPaths
{
    public static string Property(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>The last property name of a path: <c>components[1].name</c> gives <c>name</c>.</summary>
    public static string Leaf(string path) => path[(path.LastIndexOf('.') + 1)..];

    public static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
