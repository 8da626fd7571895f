using System.CommandLine;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.TestBed.Scope;

namespace Release.Starter.Commands;

/// <summary>
/// <c>release scope MANIFEST [--out FILE]</c>: seed 000's repos-scope list of a manifest, the
/// input of <c>release testbed apply</c>.
/// </summary>
internal sealed class ScopeCommand : Command
{
    private readonly CliConsole console;
    private readonly Argument<string> manifest = new("manifest") { Description = "The release manifest (release.json)." };
    private readonly Option<string?> output = new("--out")
    {
        Description = "Write the list to this file (e.g. release-data/repos-scope.3.1.x.list) instead of standard output.",
        HelpName = "file",
    };

    public ScopeCommand(CliConsole console)
        : base("scope", "Write the repos-scope list of a manifest: the repository URL of every component, one a line, as seed 000's release-data/repos-scope.<version>.list files. A URL is scmHttpUrl's organisation and the component's name, or the repository its circleci.projectSlug names.")
    {
        this.console = console;
        Add(manifest);
        Add(output);
        SetAction(Execute);
    }

    private int Execute(ParseResult parsed)
    {
        var loaded = ManifestLoader.Load(parsed.GetRequiredValue(manifest));
        var urls = ManifestScope.RepositoryUrls(loaded, console.Warn);
        if (parsed.GetValue(output) is not { } path)
        {
            foreach (var url in urls.Distinct(StringComparer.Ordinal))
            {
                console.WriteRaw(url);
            }

            return ExitCodes.Success;
        }

        try
        {
            using var writer = new StreamWriter(path);
            ScopeList.Write(urls, writer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot write {path}: {e.Message}; give --out a file in a folder that exists");
        }

        console.WriteRaw($"wrote {urls.Distinct(StringComparer.Ordinal).Count()} repositories of {loaded.Name} {loaded.Version} to {path}");
        return ExitCodes.Success;
    }
}
