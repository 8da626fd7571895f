using System.Net;
using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>Assembles the web app: services, the request gate, the endpoints.</summary>
internal static class SimulatorApp
{
    public static WebApplication Build(SimulatorScenario scenario, SimulatorOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The command line prints its own one-line status; per-request logs would drown it.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.Ip), options.Port));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new UtcMillisecondsConverter());
        });
        builder.Services
            .AddSingleton(scenario)
            .AddSingleton(options)
            .AddSingleton(options.TimeProvider ?? TimeProvider.System)
            .AddSingleton<SimulatorState>()
            .AddSingleton<SimulatorStats>()
            .AddSingleton<FaultInjector>()
            .AddSingleton<WireMapper>();
        if (options.WebhookUrl is not null)
        {
            builder.Services.AddHostedService<WebhookDispatcher>();
        }

        var app = builder.Build();
        app.UseRouting();
        app.UseRequestGate();
        app.MapPipelineEndpoints();
        app.MapWorkflowEndpoints();
        app.MapJobEndpoints();
        app.MapJobV1Endpoints();
        app.MapInsightsEndpoints();
        app.MapSimulatorEndpoints();
        return app;
    }
}
