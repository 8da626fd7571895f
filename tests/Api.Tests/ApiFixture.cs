using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Release.Activities.Release;
using Release.Analytics.Store;
using Release.Api.Auth;
using Release.Api.Hosting;
using Release.Api.Tokens;
using Release.CircleCiSimulator;
using Release.Releases.Connection;

namespace Api.Tests;

/// <summary>
/// The API as a user runs it with <c>--embedded</c>: the embedded dev server, a release worker and
/// the CircleCI simulator (<see cref="Release.LocalStack.LocalStack"/>), and the API host on a free
/// port of 127.0.0.1, reached over real HTTP. One for the whole suite; each test releases its own product.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string SimulatorToken = "api-test-token";

    // A 20 s scenario job takes 1 s of wall time.
    public const double TimeScale = 0.05;

    private Release.LocalStack.LocalStack stack = null!;
    private WebApplication app = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"api-tests-{Guid.NewGuid():N}");

    /// <summary>A release repository checkout starts may name manifests in (<c>RELEASE_API_REPOSITORY</c>).</summary>
    public string RepositoryDirectory => Path.Combine(DataDirectory, "repository");

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The admin token the first start wrote to <c>admin.token</c>, read back as a user would.</summary>
    public string AdminToken { get; private set; } = "";

    public Release.LocalStack.LocalStack Stack => stack;

    public IServiceProvider Services => app.Services;

    /// <summary>The analytics store the dashboard draws duration trends from; tests write the history they need (of their own projects).</summary>
    public AnalyticsStore Analytics { get; private set; } = null!;

    /// <summary>Tests that move the clock (token expiry) move this one; it starts at the real time.</summary>
    public MovableTime Time { get; } = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RepositoryDirectory);
        stack = await Release.LocalStack.LocalStack.StartAsync(
            ScenarioLoader.Parse(ApiScenario.Json), TimeScale, Path.Combine(DataDirectory, "embedded.log"), CancellationToken.None);
        var analytics = StoreLocation.Parse(Path.Combine(DataDirectory, "analytics.db"));
        Analytics = await AnalyticsStore.OpenAsync(analytics, TimeProvider.System);
        var settings = new ApiSettings("http://127.0.0.1:0", DataDirectory, RepositoryDirectory, RateLimitPerMinute: 10_000, Oidc: null, analytics);
        var connection = new ConnectionSettings(
            new TemporalSettings { Address = stack.Address, Namespace = "default", TaskQueue = Release.LocalStack.LocalStack.TaskQueue }, stack.UiAddress);
        // The worker of the stack keeps its reports where the environment says; the API reads them there.
        app = ApiHost.Build(settings, stack.Client, connection, ReportStore.FromEnvironment(), Time);
        var tokenFile = ApiHost.BootstrapAdminToken(settings, app.Services.GetRequiredService<TokenStore>())
            ?? throw new InvalidOperationException("a fresh data folder must get an admin token");
        AdminToken = await File.ReadAllTextAsync(tokenFile);
        await app.StartAsync();
        BaseUrl = new Uri(app.Urls.First());
    }

    /// <summary>An HTTP client of the API; with a token, it sends it as a bearer token.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(100) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A new token made through the store (tests of the tokens endpoint make theirs over HTTP).</summary>
    public string CreateToken(string name, string[] scopes, string[]? products = null, DateTimeOffset? expires = null)
    {
        var (_, secret) = app.Services.GetRequiredService<TokenStore>().Create(name, scopes, products ?? [], expires, "test");
        return secret;
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await stack.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a process ending: a leftover temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}

/// <summary>A clock that starts at the real time and that a test can move forward.</summary>
public sealed class MovableTime : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}
