using Microsoft.Extensions.Logging;
using Release.Analytics.Store;
using Release.Workflows.Release;
using Temporalio.Activities;

namespace Release.Activities.Release;

/// <summary>
/// Expected pipeline durations for a release's projects. Predictions are advice: without a store,
/// or with one that cannot be read, the answer is empty and the release runs as it would without.
/// </summary>
public sealed class PredictionActivities(ILogger<PredictionActivities> logger, ExpectedDurationSource? source = null)
{
    [Activity(ActivityNames.ExpectedDurations)]
    public async Task<IReadOnlyList<ExpectedDuration>> ExpectedDurationsAsync(ExpectedDurationsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (source is null)
        {
            return [];
        }

        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var found = new List<ExpectedDuration>();
        try
        {
            foreach (var project in request.Projects.Distinct())
            {
                if (await source.DurationsAsync(project.ProjectSlug, project.Branch, now, request.Window, cancellationToken) is { } durations)
                {
                    found.Add(new ExpectedDuration(project.ProjectSlug, project.Branch, durations.P50, durations.P95, durations.Samples));
                }
            }
        }
        catch (StoreException e)
        {
            // The message names the store without its password.
            logger.LogWarning("No expected durations: {Problem}", e.Message);
            return [];
        }

        logger.LogInformation("Expected durations for {Found} of {Asked} projects from {Store}", found.Count, request.Projects.Count, source.Location.Description);
        return found;
    }
}
