using System.Text;

namespace Release.TestBed.Apply;

/// <summary>One file to install, at its path relative to the config folder (<c>.circleci/config.yml</c>).</summary>
public sealed record ConfigFile(string Path, byte[] Content, bool Executable);

/// <summary>
/// The files installed on every branch: the whole config folder, hidden folders included. Text
/// files have <c>{{repo}}</c> and <c>{{branch}}</c> replaced; a file with a NUL byte is taken as
/// binary and installed as it is.
/// </summary>
public sealed record ConfigFolder(string Root, IReadOnlyList<ConfigFile> Files)
{
    public static ConfigFolder Read(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new TestBedException($"config folder {root} does not exist; give --config the folder holding .circleci/config.yml");
        }

        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None })
            .Order(StringComparer.Ordinal)
            .Select(path => new ConfigFile(
                Path.GetRelativePath(root, path).Replace('\\', '/'),
                File.ReadAllBytes(path),
                !OperatingSystem.IsWindows() && File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute)))
            .ToList();
        return files.Count == 0
            ? throw new TestBedException($"config folder {root} has no files; put .circleci/config.yml (and any other file to install) in it")
            : new ConfigFolder(root, files);
    }

    /// <summary>The files as they go on one branch of one repository.</summary>
    public IEnumerable<ConfigFile> For(string repository, string branch) =>
        Files.Select(f => f.Content.Contains((byte)0) ? f : f with { Content = Substitute(f.Content, repository, branch) });

    private static byte[] Substitute(byte[] content, string repository, string branch) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content)
            .Replace("{{repo}}", repository, StringComparison.Ordinal)
            .Replace("{{branch}}", branch, StringComparison.Ordinal));
}
