namespace Release.Releases.Connection;

/// <summary>Where a client reaches Temporal, and the Web UI to link to.</summary>
/// <param name="UiUrl">Web UI base, e.g. http://localhost:8233; null when unknown.</param>
public sealed record ConnectionSettings(TemporalSettings Temporal, string? UiUrl)
{
    public string Address => Temporal.Address;

    public string Namespace => Temporal.Namespace;

    public string TaskQueue => Temporal.TaskQueue;

    public string? WorkflowLink(string workflowId) =>
        UiUrl is null ? null : $"{UiUrl.TrimEnd('/')}/namespaces/{Uri.EscapeDataString(Namespace)}/workflows/{Uri.EscapeDataString(workflowId)}";
}
