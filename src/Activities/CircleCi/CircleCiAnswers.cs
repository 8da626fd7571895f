using System.Text.Json;
using System.Text.Json.Nodes;

namespace Release.Activities.CircleCi;

/// <summary>
/// Reads a 2xx body into its model as CircleCI really writes it (see <see cref="AnswerShape"/> for
/// the rules). What could be read is returned, what was dropped is listed; a body that cannot
/// serve at all throws <see cref="CircleCiUnreadableAnswerException"/> naming the field.
/// </summary>
internal static class CircleCiAnswers
{
    private static readonly AnswerShape Shape = new(CircleCiJson.Options);

    /// <param name="endpoint">For messages, e.g. <c>GET /pipeline/5034460f-…</c>.</param>
    /// <param name="redact">Applied to every message, since parts of the body are quoted in them.</param>
    public static T Read<T>(string body, string endpoint, List<AnswerIssue> issues, Func<string, string> redact)
    {
        if (body.Trim().Length == 0)
        {
            throw new CircleCiUnreadableAnswerException($"CircleCI {endpoint} answered an empty body.", endpoint, null);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            // The parser's own message (line and byte position) is kept out: it says nothing to a
            // release engineer, and the serializer's messages name .NET types.
            throw new CircleCiUnreadableAnswerException(
                $"CircleCI {endpoint} answered a body that is not JSON: {redact(AnswerWords.Shorten(body.Trim()))}", endpoint, null);
        }

        if (root is not JsonObject)
        {
            throw new CircleCiUnreadableAnswerException(
                $"CircleCI {endpoint} answered JSON that is not an object: {redact(AnswerWords.Found(root))}", endpoint, null);
        }

        if (Fit(root, typeof(T), issues) is { } fatal)
        {
            throw new CircleCiUnreadableAnswerException(
                $"CircleCI {endpoint} answered a body the client cannot read: {redact(fatal.Issue.ToString())}.{redact(fatal.Said)}", endpoint, fatal.Issue.Field);
        }

        try
        {
            return root.Deserialize<T>(CircleCiJson.Options)
                ?? throw new CircleCiUnreadableAnswerException($"CircleCI {endpoint} answered null.", endpoint, null);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // Not expected once the body fits (an ArgumentException: a key repeated deep inside
            // pipeline parameters); the serializer's own message names .NET types, so only its path is kept.
            throw new CircleCiUnreadableAnswerException(
                $"CircleCI {endpoint} answered a body the client cannot read at {PathOf(e) ?? "its top level"}.", endpoint, PathOf(e));
        }
    }

    private static string? PathOf(Exception e) => (e as JsonException)?.Path;

    // A 2xx can still explain itself, e.g. a trigger that created no pipeline: {"message": "..."}.
    private static string Said(JsonNode root) =>
        root is JsonObject obj && obj.TryGetPropertyValue("message", out var message)
            && message is JsonValue value && value.TryGetValue<string>(out var text) && text.Trim().Length > 0
            ? $" CircleCI said: {AnswerWords.Shorten(text.Trim())}"
            : "";

    private static (AnswerIssue Issue, string Said)? Fit(JsonNode root, Type type, List<AnswerIssue> issues)
    {
        try
        {
            return Shape.Fit(root, type, "", issues) is { } fatal ? (fatal, Said(root)) : null;
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a key that appears twice, when the object is first used. CircleCI
            // does not write such bodies; what does is no CircleCI.
            return (new AnswerIssue("the body", "repeats a field name"), "");
        }
    }
}
