using Release.Workflows.Release;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>A <c>CancelPipelines</c> that CircleCI refuses, as the real activity reports a refusal: non-retryable, with CircleCI's message.</summary>
public sealed class RefusedCancelActivities(string refusal)
{
    [Activity(ActivityNames.CancelPipelines)]
    public Task<int> CancelPipelinesAsync(IReadOnlyList<string> pipelineIds) =>
        throw new ApplicationFailureException(refusal, errorType: "CircleCiRequest", nonRetryable: true);
}
