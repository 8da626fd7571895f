using Temporalio.Api.Deployment.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Release.DevServer.Engine;

/// <summary>
/// The worker deployment fields of a completed workflow task, as the real server fills them: the
/// deployment's name always, its version (deployment name and build id) only for a versioned
/// worker, and no versioning behavior from an unversioned one (SDKs may send one by mistake).
/// Replay reads the build id from what is recorded here.
/// </summary>
internal static class WorkerDeploymentFields
{
    public static void Record(WorkflowTaskCompletedEventAttributes completed, RespondWorkflowTaskCompletedRequest request)
    {
#pragma warning disable CS0612 // The deprecated Deployment is still what older SDKs send.
        var legacy = request.Deployment;
#pragma warning restore CS0612
        var options = request.DeploymentOptions;
        completed.WorkerDeploymentName = options?.DeploymentName is { Length: > 0 } name ? name : legacy?.SeriesName ?? "";
        var versioned = options?.WorkerVersioningMode == WorkerVersioningMode.Versioned;
        completed.DeploymentVersion = versioned
            ? Valid(options!.DeploymentName, options.BuildId)
            : options is null ? Valid(legacy?.SeriesName, legacy?.BuildId) : null;
        completed.VersioningBehavior = options is not null && !versioned ? VersioningBehavior.Unspecified : request.VersioningBehavior;
    }

    // The real server keeps a deployment only when both its parts are set.
    private static WorkerDeploymentVersion? Valid(string? deploymentName, string? buildId) =>
        deploymentName is { Length: > 0 } && buildId is { Length: > 0 } ? new WorkerDeploymentVersion { DeploymentName = deploymentName, BuildId = buildId } : null;
}
