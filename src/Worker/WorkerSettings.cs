using Microsoft.Extensions.Configuration;
using Release.Activities.CircleCi;

namespace Release.Worker;

/// <summary>The worker's settings, from the environment (see README.md).</summary>
public sealed record WorkerSettings(string TemporalAddress, string Namespace, string TaskQueue, CircleCiClientOptions CircleCi)
{
    public const string DefaultTaskQueue = "release";

    public static WorkerSettings FromConfiguration(IConfiguration configuration)
    {
        var baseUrl = configuration["CIRCLECI_BASE_URL"];
        return new WorkerSettings(
            configuration["TEMPORAL_ADDRESS"] ?? "localhost:7233",
            configuration["TEMPORAL_NAMESPACE"] ?? "default",
            configuration["TEMPORAL_TASK_QUEUE"] ?? DefaultTaskQueue,
            new CircleCiClientOptions
            {
                BaseUrl = string.IsNullOrEmpty(baseUrl) ? CircleCiClientOptions.DefaultBaseUrl : new Uri(baseUrl),
                Token = configuration["CIRCLECI_TOKEN"]
                    ?? throw new InvalidOperationException("CIRCLECI_TOKEN is not set: the worker needs a CircleCI API token."),
            });
    }
}
