using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Release.Releases.Operations;

namespace Release.Api.Releases;

/// <summary>
/// Reads a request's JSON body in the handler, so that a body that is missing, not JSON, or of the
/// wrong shape is refused as problem details saying where (the binder would answer a bare 400).
/// Endpoints declare the type with <c>Accepts&lt;T&gt;</c> for the OpenAPI document.
/// </summary>
public static partial class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        // Buffered, so an empty body is told apart from a broken one (Kestrel bounds its size).
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            throw Missing();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options) ?? throw Missing();
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            throw ReleaseOperationException.Invalid(
                $"the request body is not valid JSON for this request{where} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {Gist(e.Message)}; "
                + "send a JSON object as /openapi/v1.json describes");
        }
    }

    private static ReleaseOperationException Missing() =>
        ReleaseOperationException.Invalid("the request needs a JSON body (Content-Type: application/json), an object as /openapi/v1.json describes");

    // The serializer's own words, without its position suffix (said above) and .NET namespaces.
    private static string Gist(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal) is var at and >= 0 ? message[..at] : message;
        var end = cut.IndexOf(" LineNumber:", StringComparison.Ordinal) is var line and >= 0 ? cut[..line] : cut;
        return Namespaces().Replace(end, "").TrimEnd('.', ' ', '|');
    }

    [GeneratedRegex(@"\b(?:System|Release)(?:\.[A-Za-z]+)*\.(?=[A-Z][A-Za-z]*\b)")]
    private static partial Regex Namespaces();
}
