namespace Release.Activities.Events;

/// <summary>What the events activity adds to the release's transitions: who publishes, and where a person sees the release.</summary>
/// <param name="Source">The CloudEvents <c>source</c> of every event: this orchestrator.</param>
/// <param name="UiUrl">The Temporal Web UI base, e.g. http://localhost:8233, for each event's release page.</param>
/// <param name="Namespace">The Temporal namespace the releases run in.</param>
public sealed record ReleaseEventOptions(Uri Source, string UiUrl, string Namespace)
{
    /// <summary>The default source, naming the namespace and task queue so two orchestrators on one broker tell their events apart.</summary>
    public static Uri DefaultSource(string @namespace, string taskQueue) =>
        new($"urn:release-orchestrator:{Uri.EscapeDataString(@namespace)}:{Uri.EscapeDataString(taskQueue)}");

    /// <summary>The release run's page in the Web UI: seed 004's <c>buildUrl</c> and the CDEvents pipeline run's <c>url</c>.</summary>
    public string ReleasePage(string workflowId, string runId) =>
        $"{UiUrl.TrimEnd('/')}/namespaces/{Uri.EscapeDataString(Namespace)}/workflows/{Uri.EscapeDataString(workflowId)}/{Uri.EscapeDataString(runId)}";
}
