namespace TestBed.Tests;

/// <summary>
/// Bare repositories made for one test in a folder of their own: each with a main branch and the
/// release branches asked for, every branch with a commit of its own.
/// </summary>
public sealed class Remotes : IDisposable
{
    public Remotes()
    {
        Root = Directory.CreateTempSubdirectory("testbed-remotes-").FullName;
        Work = Directory.CreateTempSubdirectory("testbed-work-").FullName;
    }

    /// <summary>Where the bare repositories are, and what the HTTP host serves.</summary>
    public string Root { get; }

    /// <summary>The current folder of the test: lists, config folder, record, bundles.</summary>
    public string Work { get; }

    public static IReadOnlyList<string> ReleaseBranches { get; } = ["1.0.x", "2.0.x", "release/3.1.x"];

    /// <summary>Creates <c>ROOT/NAME.git</c>; returns its path.</summary>
    public string Create(string name, IReadOnlyList<string>? branches = null)
    {
        var bare = Path.Combine(Root, $"{name}.git");
        GitCli.Run(Root, "init", "--quiet", "--bare", bare);

        // Served over HTTP, a push must be allowed to create the backup refs.
        GitCli.Run(bare, "config", "http.receivepack", "true");
        var clone = Directory.CreateTempSubdirectory("testbed-seed-").FullName;
        GitCli.Run(clone, "init", "--quiet");
        File.WriteAllText(Path.Combine(clone, "README.md"), $"# {name}\n");
        GitCli.Run(clone, "add", ".");
        GitCli.Run(clone, "commit", "--quiet", "-m", "initial commit");
        foreach (var branch in branches ?? ReleaseBranches)
        {
            GitCli.Run(clone, "checkout", "--quiet", "-b", branch, "main");
            File.WriteAllText(Path.Combine(clone, "VERSION"), $"{branch}\n");
            GitCli.Run(clone, "add", ".");
            GitCli.Run(clone, "commit", "--quiet", "-m", $"open {branch}");
        }

        GitCli.Run(clone, "push", "--quiet", bare, "--all");
        Directory.Delete(clone, recursive: true);
        return bare;
    }

    /// <summary>Someone else pushes a commit to a branch of a bare repository; returns the new tip.</summary>
    public string PushAsSomeoneElse(string bare, string branch)
    {
        var clone = Directory.CreateTempSubdirectory("testbed-other-").FullName;
        GitCli.Run(clone, "clone", "--quiet", "--branch", branch, bare, ".");
        File.AppendAllText(Path.Combine(clone, "NOTES"), "someone else's work\n");
        GitCli.Run(clone, "add", ".");
        GitCli.Run(clone, "commit", "--quiet", "-m", "someone else's work");
        GitCli.Run(clone, "push", "--quiet", "origin", branch);
        var tip = GitCli.Run(clone, "rev-parse", "HEAD");
        Directory.Delete(clone, recursive: true);
        return tip;
    }

    /// <summary>Installs a server-side hook (run by receive-pack, so over HTTP only: libgit2's file:// transport runs none).</summary>
    public static void Hook(string bare, string name, string script)
    {
        var path = Path.Combine(bare, "hooks", name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string WriteList(string name, IEnumerable<string> urls)
    {
        var path = Path.Combine(Work, name);
        File.WriteAllText(path, string.Join("\n", urls) + "\n");
        return path;
    }

    /// <summary>A config folder with a CircleCI config naming its repository and branch, and a second file.</summary>
    public string WriteConfig()
    {
        var folder = Path.Combine(Work, "testbed-config");
        Directory.CreateDirectory(Path.Combine(folder, ".circleci"));
        File.WriteAllText(Path.Combine(folder, ".circleci", "config.yml"), ConfigTemplate);
        File.WriteAllText(Path.Combine(folder, ".circleci", "README.md"), "installed by the release test bed\n");
        return folder;
    }

    public const string ConfigTemplate = "version: 2.1\n# test bed of {{repo}}, branch {{branch}}\nworkflows:\n  build:\n    jobs: [build]\n";

    public static string ConfigFor(string repository, string branch) =>
        ConfigTemplate.Replace("{{repo}}", repository, StringComparison.Ordinal).Replace("{{branch}}", branch, StringComparison.Ordinal);

    public static string FileUrl(string bare) => new Uri(bare).AbsoluteUri;

    public void Dispose()
    {
        foreach (var folder in new[] { Root, Work })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder: left for the system.
            }
        }
    }
}
