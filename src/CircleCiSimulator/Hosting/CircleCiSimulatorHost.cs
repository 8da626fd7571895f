using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Release.CircleCiSimulator;

/// <summary>
/// A running simulator, for tests and for the command line: start it, point a CircleCI client at
/// <see cref="BaseUrl"/>, read the counters, dispose it.
/// </summary>
public sealed class CircleCiSimulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SimulatorState state;
    private readonly SimulatorStats stats;
    private readonly FaultInjector faults;

    private CircleCiSimulatorHost(WebApplication app, Uri rootUrl, SimulatorScenario scenario, SimulatorOptions options)
    {
        this.app = app;
        RootUrl = rootUrl;
        Scenario = scenario;
        Options = options;
        state = app.Services.GetRequiredService<SimulatorState>();
        stats = app.Services.GetRequiredService<SimulatorStats>();
        faults = app.Services.GetRequiredService<FaultInjector>();
    }

    /// <summary>http://ip:port/ — where /_simulator/stats lives.</summary>
    public Uri RootUrl { get; }

    /// <summary>http://ip:port/api/v2/ — what a CircleCI client takes as its base URL.</summary>
    public Uri BaseUrl => new(RootUrl, "api/v2/");

    public SimulatorScenario Scenario { get; }

    public SimulatorOptions Options { get; }

    /// <summary>Validates the scenario and options, then listens (port 0: a free port).</summary>
    /// <exception cref="ScenarioException">The scenario cannot be played.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static async Task<CircleCiSimulatorHost> StartAsync(
        SimulatorScenario scenario,
        SimulatorOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options ??= new SimulatorOptions();
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        ScenarioValidator.Validate(scenario);
        var app = SimulatorApp.Build(scenario, options);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CircleCiSimulatorHost(app, new Uri(address.TrimEnd('/') + "/"), scenario, options);
    }

    /// <summary>The same counters GET /_simulator/stats answers.</summary>
    public SimulatorStatsSnapshot GetStats() => stats.Snapshot();

    /// <summary>Every pipeline triggered so far, in order, with the parameters it was given.</summary>
    public IReadOnlyList<TriggeredPipeline> GetTriggeredPipelines() =>
        state.AllPipelines()
            .Select(p => new TriggeredPipeline(p.Id, p.ProjectSlug, p.Number, p.Branch, p.Tag, p.Parameters, p.TriggeredAt))
            .ToList();

    /// <summary>Forgets every pipeline and counter and restarts the fault generator, like POST /_simulator/reset.</summary>
    public void Reset()
    {
        state.Reset();
        stats.Reset();
        faults.Reset();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
