namespace Release.Workflows.Manifest;

/// <summary>
/// Collects problems while a manifest is read, so that one run of the parser reports all of them
/// rather than making the user fix them one at a time.
/// </summary>
internal sealed class ManifestErrors
{
    private readonly List<(string Path, string Message)> items = [];

    public bool Any => items.Count > 0;

    public void Add(string path, string message) => items.Add((path, message));

    /// <summary>
    /// The problems with their line and column in <paramref name="utf8"/>, from the top of the
    /// file down, the order in which someone fixes them.
    /// </summary>
    public IReadOnlyList<ManifestError> Locate(byte[] utf8)
    {
        var locations = JsonLocations.Index(utf8);
        return items
            .Select(item =>
            {
                var (line, column) = locations.Find(item.Path);
                return new ManifestError(item.Message, item.Path.Length == 0 ? null : item.Path, line, column);
            })
            .OrderBy(error => error.Line)
            .ThenBy(error => error.Column)
            .ToList();
    }
}
