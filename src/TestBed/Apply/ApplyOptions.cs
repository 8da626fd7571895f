namespace Release.TestBed.Apply;

/// <summary>What <c>release testbed apply</c> was asked to do.</summary>
/// <param name="Stamp">Names this run's backup refs and bundle folder: unique per run, sortable.</param>
/// <param name="Author">Who the config commits are by (GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, as git reads them).</param>
public sealed record ApplyOptions(
    IReadOnlyList<string> ScopeFiles,
    string ConfigFolder,
    string Branches,
    bool DryRun,
    string RecordPath,
    string BundleFolder,
    string Stamp,
    CommitAuthor Author);

public sealed record CommitAuthor(string Name, string Email)
{
    public static CommitAuthor Default { get; } = new("release testbed", "testbed@release.invalid");

    public static CommitAuthor FromEnvironment(Func<string, string?> environment) =>
        new(Given(environment("GIT_AUTHOR_NAME")) ?? Default.Name, Given(environment("GIT_AUTHOR_EMAIL")) ?? Default.Email);

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Where a run says what it does: progress lines, one-line problems, and each list's outcome once it is done.</summary>
public sealed record TestBedReporter(Action<string> Progress, Action<string> Problem, Action<Records.ListRecord> ListDone)
{
    public static TestBedReporter Silent { get; } = new(_ => { }, _ => { }, _ => { });
}
