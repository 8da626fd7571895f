namespace Release.Workflows.Manifest;

/// <summary>
/// One problem found in a manifest (an error, or a warning in <see cref="ManifestParseResult.Warnings"/>),
/// worded so that the reader knows what to change.
/// </summary>
/// <param name="Message">One line: what is wrong and what to do about it.</param>
/// <param name="Path">Where in the document, e.g. <c>buildDependencies[2][0]</c>; null when the
/// problem is the document as a whole or lies between values (a comma, a byte).</param>
/// <param name="Line">1-based line of the offending value (or of its parent when it is missing).</param>
/// <param name="Column">1-based column, counted in characters.</param>
public sealed record ManifestError(string Message, string? Path = null, int? Line = null, int? Column = null)
{
    public override string ToString() =>
        Line is null ? Message : $"line {Line}, column {Column}: {Message}";
}
