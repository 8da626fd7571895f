using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>The body of a trigger call, checked the way CircleCI checks it.</summary>
internal sealed record TriggerRequest(string? Branch, string? Tag, IReadOnlyDictionary<string, JsonElement> Parameters, string? Problem)
{
    private const string DefaultBranch = "main";

    public static async Task<TriggerRequest> ReadAsync(HttpRequest request)
    {
        JsonDocument? document = null;
        try
        {
            if (request.ContentLength != 0)
            {
                document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            }
        }
        catch (JsonException)
        {
            return Invalid("Invalid JSON body.");
        }

        using (document)
        {
            return document is null ? new TriggerRequest(DefaultBranch, null, new Dictionary<string, JsonElement>(), null) : Read(document.RootElement);
        }
    }

    private static TriggerRequest Read(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Null)
        {
            return new TriggerRequest(DefaultBranch, null, new Dictionary<string, JsonElement>(), null);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The body must be a JSON object.");
        }

        var branch = Text(root, "branch");
        var tag = Text(root, "tag");
        if (branch is not null && tag is not null)
        {
            return Invalid("Only one of branch or tag may be given.");
        }

        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.TryGetProperty("parameters", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                return Invalid("parameters must be an object.");
            }

            foreach (var parameter in given.EnumerateObject())
            {
                if (parameter.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
                {
                    return Invalid($"Pipeline parameter '{parameter.Name}' must be a string, an integer or a boolean.");
                }

                parameters[parameter.Name] = parameter.Value.Clone();
            }
        }

        return new TriggerRequest(branch ?? (tag is null ? DefaultBranch : null), tag, parameters, null);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static TriggerRequest Invalid(string problem) => new(null, null, new Dictionary<string, JsonElement>(), problem);
}
