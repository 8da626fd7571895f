using System.CommandLine;
using Release.Analytics.Onboarding;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Workflows.Collection;
using Release.Workflows.Manifest;

namespace Release.Starter.Commands;

/// <summary>The options that say which projects a collection reads and how far back.</summary>
internal sealed class CollectSources
{
    private readonly Option<string[]> fixtures = new("--fixture")
    {
        Description = "A seed-001 onboarding fixture (YAML) listing CircleCI projects (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "file",
    };

    private readonly Option<string[]> manifests = new("--manifest")
    {
        Description = "A release manifest: every component's CircleCI project (repeatable).",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "release.json",
    };

    private readonly Option<double?> since = Values.Seconds("--since", "For a project never collected: how far back to read, e.g. 30d, 12h (default: its whole history).");

    public void AddTo(Command command)
    {
        command.Add(fixtures);
        command.Add(manifests);
        command.Add(since);
    }

    /// <summary>Every project named, each once, in the order given; a bad file ends the command with one line.</summary>
    public IReadOnlyList<OnboardedProject> Read(ParseResult parsed) => ReadNamed(parsed).Projects;

    /// <returns>The projects, and the owner of the first file (its native slug or release name) to name a schedule after.</returns>
    public (string Native, IReadOnlyList<OnboardedProject> Projects) ReadNamed(ParseResult parsed)
    {
        var projects = new List<OnboardedProject>();
        string? native = null;
        foreach (var file in parsed.GetValue(fixtures) ?? [])
        {
            try
            {
                var read = FixtureReader.ReadFile(file);
                native ??= read.Native;
                projects.AddRange(read.Projects);
            }
            catch (FixtureException e)
            {
                throw CliException.Usage(e.Message);
            }
        }

        foreach (var file in parsed.GetValue(manifests) ?? [])
        {
            var plan = ExecutionPlanner.Build(ManifestLoader.Load(file), new PlanOptions { Branch = "main" });
            var read = ManifestProjects.From(plan);
            native ??= read.Native;
            projects.AddRange(read.Projects);
        }

        if (projects.Count == 0)
        {
            throw CliException.Usage("no project to collect; give --fixture onboarding.yaml or --manifest release.json");
        }

        return (native ?? "projects", projects.DistinctBy(p => p.Slug, StringComparer.Ordinal).ToList());
    }

    public CollectionSettings Settings(ParseResult parsed) =>
        new(FirstPullSince: parsed.GetValue(since) is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
}
