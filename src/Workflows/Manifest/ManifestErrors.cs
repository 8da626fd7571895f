namespace Release.Workflows.Manifest;

/// <summary>
/// Collects problems while a manifest is read, so that one run of the parser reports all of them
/// rather than making the user fix them one at a time. A problem is placed either by the path of
/// the value it is about or, when no path can tell (a repeated key, a comma), by a byte offset.
/// </summary>
internal sealed class ManifestErrors
{
    private readonly List<Problem> items = [];
    private int errorCount;

    public bool Any => errorCount > 0;

    public void Add(string path, string message) => Record(new Problem(message, path, null, IsWarning: false, null));

    public void AddAt(int offset, string message) => Record(new Problem(message, null, offset, IsWarning: false, null));

    /// <summary>A problem that does not stop the release, unless the manifest is read strictly.</summary>
    /// <param name="strictMessage">The wording when strictness makes it an error, if it differs.</param>
    public void Warn(string path, string message, string? strictMessage = null) =>
        Record(new Problem(message, path, null, IsWarning: true, strictMessage));

    public void WarnAt(int offset, string message, string? strictMessage = null) =>
        Record(new Problem(message, null, offset, IsWarning: true, strictMessage));

    /// <summary>Makes every warning so far an error, for a strict reading.</summary>
    public void MakeWarningsErrors()
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].IsWarning)
            {
                items[i] = items[i] with { Message = items[i].StrictMessage ?? items[i].Message, IsWarning = false };
                errorCount++;
            }
        }
    }

    /// <summary>
    /// The errors and the warnings with their line and column in <paramref name="utf8"/>, each from
    /// the top of the file down, the order in which someone fixes them.
    /// </summary>
    public (IReadOnlyList<ManifestError> Errors, IReadOnlyList<ManifestError> Warnings) Locate(byte[] utf8, JsonLocations? locations)
    {
        var offsets = items.Select(item => item.Offset ?? locations?.Find(item.Path ?? "") ?? 0).ToList();
        var positions = TextPositions.Of(utf8, offsets);
        var located = items
            .Select((item, i) =>
            {
                var (line, column) = positions[offsets[i]];
                var path = string.IsNullOrEmpty(item.Path) ? null : item.Path;
                return (item.IsWarning, Error: new ManifestError(item.Message, path, line, column), Offset: offsets[i]);
            })
            .OrderBy(p => p.Offset)
            .ToList();
        return (
            located.Where(p => !p.IsWarning).Select(p => p.Error).ToList(),
            located.Where(p => p.IsWarning).Select(p => p.Error).ToList());
    }

    private void Record(Problem problem)
    {
        items.Add(problem);
        errorCount += problem.IsWarning ? 0 : 1;
    }

    private sealed record Problem(string Message, string? Path, int? Offset, bool IsWarning, string? StrictMessage);
}
