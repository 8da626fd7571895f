using System.Diagnostics;

namespace Api.Tests.Hooks;

/// <summary>
/// A real release repository for one test: a bare repository standing for GitHub, a clone a
/// release engineer commits and pushes from, and the API's own checkout, cloned before any
/// push so that the API must fetch each pushed commit as it would from GitHub.
/// </summary>
internal sealed class ReleaseRepository : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"hook-repo-{Guid.NewGuid():N}");

    public ReleaseRepository()
    {
        Directory.CreateDirectory(root);
        Git(root, "init", "--quiet", "--bare", "--initial-branch=main", Origin);
        Git(root, "clone", "--quiet", Origin, Work);
        Commit("README.md", "The release repository of the hook tests.\n", "first commit");
        Git(Work, "push", "--quiet", "origin", "main");
        Git(root, "clone", "--quiet", Origin, Checkout);
    }

    public string Origin => Path.Combine(root, "github.git");

    /// <summary>The clone pushes are made from.</summary>
    public string Work => Path.Combine(root, "work");

    /// <summary>The API's checkout (RELEASE_API_REPOSITORY).</summary>
    public string Checkout => Path.Combine(root, "checkout");

    /// <summary>Writes a file on the current branch and commits it; returns the commit's sha.</summary>
    public string Commit(string path, string content, string message)
    {
        var full = Path.Combine(Work, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        Git(Work, "add", path);
        Git(Work, "commit", "--quiet", "-m", message);
        return Head();
    }

    public void NewBranch(string branch) => Git(Work, "checkout", "--quiet", "-b", branch);

    /// <summary>An annotated tag of the current commit; returns the tag object's sha, as GitHub's push names it.</summary>
    public string Tag(string tag)
    {
        Git(Work, "tag", "-a", tag, "-m", $"release {tag}");
        return Git(Work, "rev-parse", $"refs/tags/{tag}").Trim();
    }

    public void Push(string gitRef) => Git(Work, "push", "--quiet", "origin", gitRef);

    public string Head() => Git(Work, "rev-parse", "HEAD").Trim();

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A test machine may have no identity configured: give one, and ignore the user's settings.
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Release Engineer";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "release@example.com";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
    }
}
