using Release.Starter.Cli;

namespace Release.Starter.Demo;

/// <summary>
/// Checks <c>demo --log</c> before anything starts: the worker's file sink would otherwise fail
/// silently (or the demo would die half-started) on a directory or a folder it cannot write.
/// </summary>
internal static class DemoLogFile
{
    /// <summary>The full path of a log file that can be written, or a usage error saying why not.</summary>
    public static string Check(string given)
    {
        string path;
        try
        {
            path = Path.GetFullPath(given);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw CliException.Usage($"--log '{given}' is not a valid file path; give one such as /tmp/release-demo/worker.json");
        }

        if (Directory.Exists(path) || given.EndsWith('/') || given.EndsWith(Path.DirectorySeparatorChar))
        {
            throw CliException.Usage($"--log '{given}' is a directory; give a file path in it, such as {Path.Combine(path, "worker.json")}");
        }

        var folder = Path.GetDirectoryName(path)!;
        for (var above = folder; above is not null; above = Path.GetDirectoryName(above))
        {
            if (File.Exists(above))
            {
                throw CliException.Usage($"--log '{given}' cannot be written: '{above}' is a file, not a folder; give a file path in a folder");
            }
        }

        try
        {
            Directory.CreateDirectory(folder);

            // The logger writes a dated file next to the one named, so the folder must take new files.
            using var probe = new FileStream(Path.Combine(folder, $".release-demo-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"--log '{given}' cannot be written: folder '{folder}' cannot be created or written ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}); give a file path in a folder you can write");
        }

        return path;
    }
}
