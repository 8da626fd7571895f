using System.Text.Json;

namespace Release.Webhooks;

/// <summary>The few fields of a CircleCI webhook the orchestrator needs; the rest is ignored.</summary>
/// <param name="Id">Unique per event: deliveries can repeat, deduplicate on it.</param>
/// <param name="ProjectSlug">As the webhook spells it (<c>github/org/repo</c>, where the API says <c>gh/org/repo</c>).</param>
public sealed record CircleCiWebhookEvent(string Id, string Type, string PipelineId, string? WorkflowId, string? WorkflowStatus, string? ProjectSlug = null)
{
    /// <summary>CircleCI's "Test ping" from the webhook settings page: an abbreviated body with no pipeline.</summary>
    public const string PingType = "ping";

    /// <returns>The event, or null with the reason when the body is not a usable webhook.</returns>
    public static CircleCiWebhookEvent? TryParse(ReadOnlySpan<byte> body, out string? problem)
    {
        if (WebhookBody.TryRead(body, out problem) is not { } document)
        {
            return null;
        }

        using (document)
        {
            return FromRoot(document.RootElement, out problem);
        }
    }

    /// <summary>Reads an event from a body already known to be a JSON object.</summary>
    internal static CircleCiWebhookEvent? FromRoot(JsonElement root, out string? problem)
    {
        var id = String(root, "id");
        var type = String(root, "type");
        var pipelineId = root.TryGetProperty("pipeline", out var pipeline) ? String(pipeline, "id") : null;
        string[] missing = [.. new[] { ("id", id), ("type", type), ("pipeline.id", pipelineId) }.Where(f => f.Item2 is null).Select(f => f.Item1)];
        if (missing.Length > 0)
        {
            problem = $"the webhook lacks {string.Join(", ", missing)} (a string each)";
            return null;
        }

        var workflow = root.TryGetProperty("workflow", out var w) && w.ValueKind == JsonValueKind.Object ? w : default;
        var project = root.TryGetProperty("project", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        problem = null;
        return new CircleCiWebhookEvent(
            id!,
            type!,
            pipelineId!,
            String(workflow, "id"),
            String(workflow, "status"),
            String(project, "slug"));
    }

    internal static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
