using System.Text.RegularExpressions;
using Release.Logging.Configuration;

namespace Release.Api.Hooks;

/// <summary>Reads the GitHub hook rules, refusing a wrong one in one line (exit 2) that never repeats the secret.</summary>
public static partial class GitHubHookSettingsReader
{
    private const string Secret = "Api:GitHub:Secret";
    private const string SecretFile = "Api:GitHub:SecretFile";
    private const string Repository = "Api:GitHub:Repository";
    private const string Branches = "Api:GitHub:Branches";
    private const string Tags = "Api:GitHub:Tags";
    private const string Manifest = "Api:GitHub:Manifest";
    private const string Remote = "Api:GitHub:Remote";
    private const string TagBranch = "Api:GitHub:TagBranch";

    public const string OffHint =
        "set RELEASE_API_GITHUB_SECRET (or RELEASE_API_GITHUB_SECRET_FILE), RELEASE_API_GITHUB_REPOSITORY (owner/name) and RELEASE_API_REPOSITORY (its checkout), see README.md \"GitHub hooks\"";

    public static EnvironmentAliases AddGitHubHookAliases(this EnvironmentAliases aliases) => aliases
        .Map("RELEASE_API_GITHUB_SECRET", Secret)
        .Map("RELEASE_API_GITHUB_SECRET_FILE", SecretFile)
        .Map("RELEASE_API_GITHUB_REPOSITORY", Repository)
        .Map("RELEASE_API_GITHUB_BRANCHES", Branches)
        .Map("RELEASE_API_GITHUB_TAGS", Tags)
        .Map("RELEASE_API_GITHUB_MANIFEST", Manifest)
        .Map("RELEASE_API_GITHUB_REMOTE", Remote)
        .Map("RELEASE_API_GITHUB_TAG_BRANCH", TagBranch);

    /// <param name="checkout">The API's release repository checkout (RELEASE_API_REPOSITORY), already checked to be a folder.</param>
    /// <returns>The rules, or null when no secret is set: the hooks are off.</returns>
    public static GitHubHookSettings? Read(SettingReader reader, string? checkout)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var inline = reader.String(Secret);
        var fromFile = reader.FileText(SecretFile)?.Trim();
        if (inline is not null && fromFile is not null)
        {
            throw new SettingException(reader.Name(SecretFile), $"and {reader.Name(Secret)} are both set; give the secret one way only (the file keeps it out of the environment)");
        }

        var repository = reader.String(Repository);
        if ((inline ?? fromFile) is not { } secret)
        {
            return repository is null
                ? null
                : throw new SettingException(reader.Name(Secret), $"is not set, yet {reader.Name(Repository)} is: the hooks need the webhook's secret to verify GitHub's signatures; set it (or RELEASE_API_GITHUB_SECRET_FILE)");
        }

        if (repository is null || !OwnerAndName().IsMatch(repository))
        {
            throw new SettingException(
                reader.Name(Repository), repository is null ? "is not set; give the release repository as owner/name, e.g. acme/acme-release" : $"is '{repository}', not owner/name such as acme/acme-release");
        }

        if (checkout is null)
        {
            throw new SettingException("RELEASE_API_REPOSITORY (Api:Repository)", "is not set, and GitHub hooks need it: a clone of the release repository, from which release.json is read at the pushed commit");
        }

        if (GitCheckout.Problem(checkout) is { } problem)
        {
            throw new SettingException("RELEASE_API_REPOSITORY (Api:Repository)", problem);
        }

        return new GitHubHookSettings(
            secret,
            repository,
            checkout,
            reader.String(Remote, GitHubHookSettings.DefaultRemote),
            Patterns(reader, Branches, GitHubHookSettings.DefaultBranchPatterns, "refs/heads/", "release/*,*.x"),
            Patterns(reader, Tags, GitHubHookSettings.DefaultTagPatterns, "refs/tags/", "v*"),
            ManifestPath(reader),
            reader.String(TagBranch));
    }

    private static List<string> Patterns(SettingReader reader, string key, IReadOnlyList<string> fallback, string prefix, string example)
    {
        if (reader.String(key) is not { } text)
        {
            return [.. fallback];
        }

        var patterns = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (patterns.Count == 0)
        {
            throw new SettingException(reader.Name(key), $"names no pattern; give comma-separated globs such as {example}");
        }

        if (patterns.FirstOrDefault(p => p.StartsWith("refs/", StringComparison.Ordinal)) is { } full)
        {
            throw new SettingException(reader.Name(key), $"has '{full}'; give the name after {prefix}, e.g. {example}");
        }

        return patterns;
    }

    private static string ManifestPath(SettingReader reader)
    {
        var path = reader.String(Manifest, GitHubHookSettings.DefaultManifestPath).Replace('\\', '/');
        return path.StartsWith('/') || path.Split('/').Any(part => part is "" or "." or "..")
            ? throw new SettingException(reader.Name(Manifest), $"is '{path}'; give the manifest's path inside the repository, e.g. release.json or releases/4.2/release.json")
            : path;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")]
    private static partial Regex OwnerAndName();
}
