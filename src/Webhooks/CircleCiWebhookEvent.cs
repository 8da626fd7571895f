using System.Text.Json;

namespace Release.Webhooks;

/// <summary>The few fields of a CircleCI webhook the orchestrator needs; the rest is ignored.</summary>
/// <param name="Id">Unique per event: deliveries can repeat, deduplicate on it.</param>
public sealed record CircleCiWebhookEvent(string Id, string Type, string PipelineId, string? WorkflowId, string? WorkflowStatus)
{
    /// <returns>The event, or null with the reason when the body is not a usable webhook.</returns>
    public static CircleCiWebhookEvent? TryParse(ReadOnlySpan<byte> body, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            var id = String(root, "id");
            var type = String(root, "type");
            var pipelineId = root.TryGetProperty("pipeline", out var pipeline) ? String(pipeline, "id") : null;
            if (id is null || type is null || pipelineId is null)
            {
                problem = "the webhook lacks id, type or pipeline.id";
                return null;
            }

            var workflow = root.TryGetProperty("workflow", out var w) && w.ValueKind == JsonValueKind.Object ? w : default;
            problem = null;
            return new CircleCiWebhookEvent(
                id,
                type,
                pipelineId,
                workflow.ValueKind == JsonValueKind.Object ? String(workflow, "id") : null,
                workflow.ValueKind == JsonValueKind.Object ? String(workflow, "status") : null);
        }
        catch (JsonException e)
        {
            problem = $"the body is not JSON: {e.Message}";
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
