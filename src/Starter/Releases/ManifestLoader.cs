using Release.Starter.Cli;
using Release.Workflows.Manifest;

namespace Release.Starter.Releases;

/// <summary>Reads and validates a manifest file; every problem becomes one line and exit code 2.</summary>
public static class ManifestLoader
{
    public static ReleaseManifest Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : TemporalConnector.OneLine(e.Message);
            throw CliException.Usage($"cannot read manifest {path}: {reason}; give the path of a release.json");
        }

        var parsed = ManifestParser.Parse(text);
        if (parsed.IsValid)
        {
            return parsed.Manifest;
        }

        // The first error on the line, the count after it: a long list scrolls the useful part away.
        var more = parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more problem{(parsed.Errors.Count > 2 ? "s" : "")})" : "";
        throw CliException.Usage($"invalid manifest {path}: {parsed.Errors[0]}{more}");
    }
}
