using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Release.Activities.CircleCi;
using Release.Activities.Release;
using Release.Workflows.Release;
using Temporalio.Extensions.Hosting;

namespace Release.Worker;

public static class WorkerRegistration
{
    /// <summary>
    /// Registers the release workflows and activities on a hosted Temporal worker. The CircleCI
    /// token lives only here, in the activities' client, never in workflow inputs.
    /// </summary>
    public static IHostApplicationBuilder AddReleaseWorker(this IHostApplicationBuilder builder)
    {
        var settings = WorkerSettings.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(settings.CircleCi);
        builder.Services.AddSingleton(sp => new CircleCiClient(new HttpClient(), sp.GetRequiredService<CircleCiClientOptions>()));
        builder.Services
            .AddHostedTemporalWorker(settings.TemporalAddress, settings.Namespace, settings.TaskQueue)
            .AddWorkflow<ReleaseWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddScopedActivities<CircleCiActivities>()
            .AddScopedActivities<ReportActivities>();
        return builder;
    }
}
