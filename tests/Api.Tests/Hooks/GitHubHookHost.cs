using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Release.Activities.Release;
using Release.Api.Hooks;
using Release.Api.Hosting;
using Release.Logging.Configuration;
using Release.Releases.Connection;

namespace Api.Tests.Hooks;

/// <summary>
/// A second API host with GitHub hooks on, over the suite's embedded stack (its Temporal and
/// worker), its own data folder and the test's release repository checkout. The suite's own API
/// keeps hooks off, as a fresh install does.
/// </summary>
internal sealed class GitHubHookHost : IAsyncDisposable
{
    public const string Secret = "It's a Secret to Everybody 5b1f";

    private readonly WebApplication app;
    private readonly string data;

    private GitHubHookHost(WebApplication app, string data, GitHubHookSettings hooks)
    {
        this.app = app;
        this.data = data;
        Hooks = hooks;
    }

    public GitHubHookSettings Hooks { get; }

    public Uri BaseUrl => new(app.Urls.First());

    /// <param name="variables">More RELEASE_API_GITHUB_* settings, as a user would set them.</param>
    public static async Task<GitHubHookHost> StartAsync(ApiFixture api, ReleaseRepository repository, IReadOnlyDictionary<string, string?>? variables = null)
    {
        ConsoleCapture.Install();
        var data = Path.Combine(Path.GetTempPath(), $"hook-api-{Guid.NewGuid():N}");
        var settings = new ApiSettings("http://127.0.0.1:0", data, repository.Checkout, RateLimitPerMinute: 10_000, Oidc: null);
        var environment = new Dictionary<string, string?>
        {
            ["RELEASE_API_GITHUB_SECRET"] = Secret,
            ["RELEASE_API_GITHUB_REPOSITORY"] = GitHubDelivery.Repository,
        };
        foreach (var (name, value) in variables ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        var configuration = ApiSettingsReader.Aliases.AddTo(new ConfigurationBuilder(), environment).Build();
        var hooks = GitHubHookSettingsReader.Read(new SettingReader(configuration, ApiSettingsReader.Aliases), repository.Checkout)
            ?? throw new InvalidOperationException("a secret is set: the hooks must be on");
        var connection = new ConnectionSettings(
            new TemporalSettings { Address = api.Stack.Address, Namespace = "default", TaskQueue = Release.LocalStack.LocalStack.TaskQueue }, api.Stack.UiAddress);
        var app = ApiHost.Build(settings, api.Stack.Client, connection, ReportStore.FromEnvironment(), hooks: hooks);
        await app.StartAsync();
        return new GitHubHookHost(app, data, hooks);
    }

    public HttpClient Client() => new() { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(100) };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
