using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Release.Api.Hooks;

/// <summary>
/// Reads GitHub's payloads into Octokit.Webhooks' event types. Octokit marks dozens of fields
/// <c>required</c>; GitHub adds and drops fields over time, and a hook that refused a push for a
/// missing avatar URL would start nothing. So every field is optional here, and the few a rule
/// needs are checked where they are used, with a message that names them.
/// </summary>
public static class GitHubPayloads
{
    private static readonly JsonSerializerOptions Lenient = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { NothingRequired } },
    };

    /// <returns>The event, or null with the reason when the body is not that event's JSON.</returns>
    public static T? Read<T>(ReadOnlySpan<byte> body, out string? problem)
        where T : class
    {
        try
        {
            problem = null;
            return JsonSerializer.Deserialize<T>(body, Lenient) ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException e)
        {
            problem = $"the body is not a GitHub {typeof(T).Name} payload ({e.Message.ReplaceLineEndings(" ")}); send the webhook as application/json";
            return null;
        }
    }

    private static void NothingRequired(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            property.IsRequired = false;
        }
    }
}
