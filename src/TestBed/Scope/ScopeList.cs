namespace Release.TestBed.Scope;

/// <summary>
/// A repos-scope list in seed 000's format (<c>release-data/repos-scope.&lt;version&gt;.list</c>):
/// one repository URL a line. Blank lines and lines starting with <c>#</c> are allowed on read.
/// </summary>
public sealed record ScopeList(string Path, IReadOnlyList<RemoteUrl> Repositories)
{
    /// <summary>Reads a list; the first bad line stops it with one line naming the file and line number.</summary>
    public static ScopeList Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new TestBedException($"cannot read scope list {path}: {reason}; give a repos-scope list (release scope MANIFEST --out FILE writes one)");
        }

        var repositories = new List<RemoteUrl>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var (url, problem) = RemoteUrl.Parse(line);
            if (url is null)
            {
                throw new TestBedException($"{path}:{i + 1}: {problem}");
            }

            repositories.Add(url);
        }

        if (repositories.Count == 0)
        {
            throw new TestBedException($"scope list {path} names no repository; write one repository URL a line");
        }

        return new ScopeList(path, repositories);
    }

    /// <summary>Writes one URL a line, in order, each once.</summary>
    public static void Write(IEnumerable<string> urls, TextWriter writer)
    {
        foreach (var url in urls.Distinct(StringComparer.Ordinal))
        {
            writer.Write(url);
            writer.Write('\n');
        }
    }
}
