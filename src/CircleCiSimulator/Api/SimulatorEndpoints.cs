namespace Release.CircleCiSimulator;

/// <summary>The simulator's own endpoints, outside the API: counters and reset.</summary>
internal static class SimulatorEndpoints
{
    public const string Prefix = "/_simulator";

    public static void MapSimulatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet($"{Prefix}/stats", (SimulatorStats stats) => Results.Json(stats.Snapshot()));
        app.MapPost($"{Prefix}/reset", (SimulatorState state, SimulatorStats stats, FaultInjector faults) =>
        {
            state.Reset();
            stats.Reset();
            faults.Reset();
            return Results.Json(new MessageBody("Reset."));
        });
    }
}
