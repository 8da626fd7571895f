using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Rendering;
using Release.Workflows.Manifest;

namespace Release.Starter.Releases;

/// <summary>A manifest that passed validation, with what it was warned about.</summary>
public sealed record LoadedManifest(ReleaseManifest Manifest, IReadOnlyList<ManifestError> Warnings);

/// <summary>Reads and validates a manifest file; any error ends the command with exit code 2.</summary>
public static class ManifestLoader
{
    /// <summary>For callers with no one to show warnings to: the first error and how many more.</summary>
    public static ReleaseManifest Load(string path)
    {
        var parsed = ManifestParser.Parse(ReadBytes(path));
        if (parsed.IsValid)
        {
            return parsed.Manifest;
        }

        var more = parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more problem{(parsed.Errors.Count > 2 ? "s" : "")})" : "";
        throw CliException.Usage($"invalid manifest {path}: {parsed.Errors[0]}{more}");
    }

    /// <summary>
    /// Every problem is shown, one line each, so that a manifest is fixed in one go. With
    /// <paramref name="json"/> they go to standard output as one document with <c>errors</c> and
    /// <c>warnings</c> arrays, and standard error keeps a single line; otherwise each is a line on
    /// standard error, warnings first, and the last error is the line the command ends with.
    /// Warnings of a valid manifest are the caller's to show, since with <c>--json</c> they
    /// belong in its document.
    /// </summary>
    public static LoadedManifest Load(string path, ManifestParseOptions options, CliConsole console, bool json)
    {
        var parsed = ManifestParser.Parse(ReadBytes(path), options);
        if (parsed.IsValid)
        {
            return new LoadedManifest(parsed.Manifest, parsed.Warnings);
        }

        var count = $"{parsed.Errors.Count} error{(parsed.Errors.Count == 1 ? "" : "s")}";
        if (json)
        {
            JsonOutput.Write(console, PlanPrinter.ProblemsDocument(path, parsed.Errors, parsed.Warnings));
            throw CliException.Usage($"invalid manifest {path}: {count}, listed in the JSON output");
        }

        WriteWarnings(console, path, parsed.Warnings);
        foreach (var error in parsed.Errors.SkipLast(1))
        {
            console.Error.WriteLine($"{ReleaseCli.Name}: invalid manifest {path}: {error}");
        }

        throw CliException.Usage($"invalid manifest {path}: {parsed.Errors[^1]}");
    }

    /// <summary>One stderr line per warning, named by file, line and column.</summary>
    public static void WriteWarnings(CliConsole console, string path, IEnumerable<ManifestError> warnings)
    {
        foreach (var warning in warnings)
        {
            console.Warn($"{path}: {warning}");
        }
    }

    private static byte[] ReadBytes(string path)
    {
        try
        {
            // Bytes, not text: reading text would silently replace bytes that are not UTF-8.
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : TemporalConnector.OneLine(e.Message);
            throw CliException.Usage($"cannot read manifest {path}: {reason}; give the path of a release.json");
        }
    }
}
