using Microsoft.Extensions.Configuration;
using Release.Api.Hooks;
using Release.Api.Hosting;
using Release.Logging.Configuration;

namespace Api.Tests.Hooks;

/// <summary>The hook settings as a user sets them (environment variables), and the one-line refusals of wrong ones.</summary>
public sealed class GitHubHookSettingsTests : IDisposable
{
    private readonly ReleaseRepository repository = new();

    public void Dispose() => repository.Dispose();

    [Fact]
    public void No_secret_and_no_repository_leaves_the_hooks_off()
    {
        Assert.Null(Read(new Dictionary<string, string?>()));
    }

    [Fact]
    public void The_secret_file_is_read_and_trimmed_and_the_rules_take_their_defaults()
    {
        var file = Path.Combine(repository.Work, "..", "github.secret");
        File.WriteAllText(file, "from-a-file\n");
        var hooks = Read(new() { ["RELEASE_API_GITHUB_SECRET_FILE"] = file, ["RELEASE_API_GITHUB_REPOSITORY"] = "acme/acme-release" })!;

        Assert.Equal("from-a-file", hooks.Secret);
        Assert.Equal(["release/*", "*.x"], hooks.BranchPatterns);
        Assert.Equal(["v*"], hooks.TagPatterns);
        Assert.Equal("release.json", hooks.ManifestPath);
        Assert.True(hooks.IsReleaseBranch("release/4.2") && hooks.IsReleaseBranch("4.2.x") && !hooks.IsReleaseBranch("main"));
        Assert.DoesNotContain("from-a-file", hooks.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Patterns_and_manifest_path_come_from_their_settings()
    {
        var hooks = Read(new()
        {
            ["RELEASE_API_GITHUB_SECRET"] = "s3cret",
            ["RELEASE_API_GITHUB_REPOSITORY"] = "acme/acme-release",
            ["RELEASE_API_GITHUB_BRANCHES"] = "stable-*, lts/*",
            ["RELEASE_API_GITHUB_TAGS"] = "release-*",
            ["RELEASE_API_GITHUB_MANIFEST"] = "releases/platform.json",
        })!;

        Assert.True(hooks.IsReleaseBranch("lts/2026") && !hooks.IsReleaseBranch("4.2.x"));
        Assert.True(hooks.IsReleaseTag("release-4.2.0") && !hooks.IsReleaseTag("v4.2.0"));
        Assert.Equal("releases/platform.json", hooks.ManifestPath);
    }

    [Theory]
    [InlineData("RELEASE_API_GITHUB_REPOSITORY", "acme", "RELEASE_API_GITHUB_REPOSITORY (Api:GitHub:Repository) is 'acme', not owner/name such as acme/acme-release")]
    [InlineData("RELEASE_API_GITHUB_BRANCHES", "refs/heads/4.2.x", "RELEASE_API_GITHUB_BRANCHES (Api:GitHub:Branches) has 'refs/heads/4.2.x'; give the name after refs/heads/, e.g. release/*,*.x")]
    [InlineData("RELEASE_API_GITHUB_MANIFEST", "../release.json", "RELEASE_API_GITHUB_MANIFEST (Api:GitHub:Manifest) is '../release.json'; give the manifest's path inside the repository, e.g. release.json or releases/4.2/release.json")]
    public void A_wrong_setting_is_refused_in_one_line_that_names_it(string variable, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["RELEASE_API_GITHUB_SECRET"] = "s3cret", ["RELEASE_API_GITHUB_REPOSITORY"] = "acme/acme-release", [variable] = value };

        var refused = Assert.Throws<SettingException>(() => Read(settings));

        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void A_repository_without_a_secret_is_refused_rather_than_left_silently_off()
    {
        var refused = Assert.Throws<SettingException>(() => Read(new() { ["RELEASE_API_GITHUB_REPOSITORY"] = "acme/acme-release" }));

        Assert.StartsWith("RELEASE_API_GITHUB_SECRET (Api:GitHub:Secret) is not set, yet RELEASE_API_GITHUB_REPOSITORY", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkout_that_is_not_a_git_repository_is_refused_without_repeating_the_secret()
    {
        var folder = Directory.CreateTempSubdirectory("not-a-repo-").FullName;
        try
        {
            var refused = Assert.Throws<SettingException>(() => Read(
                new() { ["RELEASE_API_GITHUB_SECRET"] = "s3cret-value", ["RELEASE_API_GITHUB_REPOSITORY"] = "acme/acme-release" }, folder));

            Assert.StartsWith($"RELEASE_API_REPOSITORY (Api:Repository) is {folder}, which git cannot open", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret-value", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private GitHubHookSettings? Read(Dictionary<string, string?> environment, string? checkout = null)
    {
        var configuration = ApiSettingsReader.Aliases.AddTo(new ConfigurationBuilder(), environment).Build();
        return GitHubHookSettingsReader.Read(new SettingReader(configuration, ApiSettingsReader.Aliases), checkout ?? repository.Checkout);
    }
}
