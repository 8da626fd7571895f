using Microsoft.Extensions.Configuration;
using Release.Activities.Release;
using Release.Api.Hosting;
using Release.Api.Tokens;
using Release.CircleCiSimulator;
using Release.Logging.Configuration;
using Release.Releases.Connection;
using Release.Releases.Operations;

// release-api: the REST API (and, with --embedded, a whole local stack behind it).
const string Name = "release-api";
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine($"""
        {Name}: the release orchestrator's REST API (README.md, "The REST API").
        usage: dotnet run --project src/Api [-- --embedded]
          --embedded   also run, in this process, the embedded Temporal dev server, a release worker
                       and the CircleCI simulator playing the demo scenario (no Temporal needed)
        settings: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE (and TEMPORAL_TLS_*, TEMPORAL_API_KEY),
          RELEASE_API_URLS (default {ApiSettings.DefaultUrls}), RELEASE_API_DATA, RELEASE_API_REPOSITORY,
          RELEASE_API_RATE_LIMIT, RELEASE_API_OIDC_AUTHORITY + RELEASE_API_OIDC_AUDIENCE, TEMPORAL_UI_URL, RELEASE_ANALYTICS_STORE,
          RELEASE_API_GITHUB_SECRET(_FILE) + RELEASE_API_GITHUB_REPOSITORY and the other RELEASE_API_GITHUB_* (README.md, "GitHub hooks")
        """);
    return 0;
}

if (args.FirstOrDefault(a => a != "--embedded") is { } unknown)
{
    Console.Error.WriteLine($"{Name}: unknown argument '{unknown}'; the only one is --embedded (settings come from the environment: --help lists them)");
    return 2;
}

var embedded = args.Contains("--embedded");
try
{
    var configuration = new ConfigurationBuilder();
    ApiSettingsReader.Aliases.AddTo(configuration);
    configuration.AddGrpcMetadata(Environment.GetEnvironmentVariables().Keys.Cast<string>()
        .Where(k => k.StartsWith(TemporalEnvironment.GrpcMetaPrefix, StringComparison.Ordinal))
        .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k)));
    var reader = new SettingReader(configuration.Build(), ApiSettingsReader.Aliases);
    var settings = ApiSettingsReader.Read(reader);
    var temporal = TemporalSettingsReader.Read(reader);
    var ui = reader.String("Api:TemporalUiUrl");
    var hooks = Release.Api.Hooks.GitHubHookSettingsReader.Read(reader, settings.Repository);

    await using var stack = embedded
        ? await Release.LocalStack.LocalStack.StartAsync(
            ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "demo", "scenario.json")), 0.25, Path.Combine(settings.DataDirectory, "embedded.log"), CancellationToken.None)
        : null;
    var connection = stack is null
        ? new ConnectionSettings(temporal, ui)
        : new ConnectionSettings(new TemporalSettings { Address = stack.Address, Namespace = "default", TaskQueue = Release.LocalStack.LocalStack.TaskQueue }, stack.UiAddress);

    // Lazy: the API starts while Temporal is away, and answers 503 until it is back.
    var options = connection.Temporal.ToConnectOptions();
    options.Runtime = QuietRuntime.Instance;
    var client = stack?.Client ?? Temporalio.Client.TemporalClient.CreateLazy(options);

    Directory.CreateDirectory(settings.DataDirectory);
    var app = ApiHost.Build(settings, client, connection, ReportStore.FromEnvironment(), hooks: hooks);
    if (ApiHost.BootstrapAdminToken(settings, app.Services.GetRequiredService<TokenStore>()) is { } tokenFile)
    {
        Console.WriteLine($"{Name}: first start, an admin token was written to {tokenFile} (only you can read it); use it to create the others (POST /api/v1/tokens)");
    }

    await app.StartAsync();
    Console.WriteLine($"{Name}: listening on {string.Join(", ", app.Urls)}; Temporal {connection.Address} namespace {connection.Namespace} task queue {connection.TaskQueue}"
        + (stack is null ? "" : $" (embedded; Web UI {stack.UiAddress}, CircleCI simulator {stack.SimulatorUrl})"));
    if (hooks is not null)
    {
        Console.WriteLine($"{Name}: {hooks} at /hooks/github");
    }

    Console.WriteLine($"{Name}: OpenAPI at {app.Urls.First().TrimEnd('/')}/openapi/v1.json; Ctrl+C stops");
    await app.WaitForShutdownAsync();
    return 0;
}
catch (SettingException e)
{
    Console.Error.WriteLine($"{Name}: {e.Message}");
    return SettingException.ExitCode;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"{Name}: cannot listen: {e.Message}; set RELEASE_API_URLS to a free port, e.g. http://localhost:8091");
    return 2;
}
