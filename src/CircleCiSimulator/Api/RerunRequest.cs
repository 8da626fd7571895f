using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>
/// The body of a workflow rerun: <c>from_failed</c> (rerun the jobs that did not pass), <c>jobs</c>
/// (rerun those job ids), or neither (rerun every job). Other CircleCI fields (enable_ssh,
/// sparse_tree) are accepted and ignored.
/// </summary>
internal sealed record RerunRequest(bool FromFailed, IReadOnlyList<string>? Jobs, string? Problem)
{
    public static async Task<RerunRequest> ReadAsync(HttpRequest request)
    {
        try
        {
            if (request.ContentLength == 0)
            {
                return new RerunRequest(false, null, null);
            }

            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return Read(document.RootElement);
        }
        catch (JsonException)
        {
            return Invalid("Invalid JSON body.");
        }
    }

    private static RerunRequest Read(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Null)
        {
            return new RerunRequest(false, null, null);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The body must be a JSON object.");
        }

        var fromFailed = false;
        if (root.TryGetProperty("from_failed", out var flag))
        {
            if (flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return Invalid("from_failed must be true or false.");
            }

            fromFailed = flag.GetBoolean();
        }

        List<string>? jobs = null;
        if (root.TryGetProperty("jobs", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.Array || given.EnumerateArray().Any(j => j.ValueKind != JsonValueKind.String))
            {
                return Invalid("jobs must be an array of job ids.");
            }

            jobs = given.EnumerateArray().Select(j => j.GetString()!).ToList();
        }

        return fromFailed && jobs is not null
            ? Invalid("Only one of from_failed or jobs may be given.")
            : new RerunRequest(fromFailed, jobs, null);
    }

    private static RerunRequest Invalid(string problem) => new(false, null, problem);
}
