using Microsoft.AspNetCore.Http.HttpResults;
using Release.Api.Releases;
using Release.Releases.Operations;
using Temporalio.Exceptions;

namespace Release.Api.Hosting;

/// <summary>
/// Every refusal as RFC 7807 problem details, with a detail a person can act on. A release
/// operation's own refusal keeps its words; Temporal being away is a 503 that says so.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Of(Exception exception) => exception switch
    {
        ReleaseOperationException refused => Refused(refused),
        ForbiddenProductException forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", forbidden.Message),
        InvalidManifestException manifest => Problem(
            StatusCodes.Status400BadRequest,
            "Invalid manifest",
            manifest.Message,
            new Dictionary<string, object?> { ["errors"] = manifest.Errors.Select(e => new { message = e.Message, path = e.Path, line = e.Line, column = e.Column }).ToList() }),
        RpcException rpc when rpc.Code == RpcException.StatusCode.InvalidArgument =>
            Problem(StatusCodes.Status400BadRequest, "Bad request", $"Temporal refused the request: {TemporalConnector.OneLine(rpc.Message)}"),
        RpcException rpc => Problem(
            StatusCodes.Status503ServiceUnavailable,
            "Temporal unavailable",
            $"Temporal did not answer ({rpc.Code}): {TemporalConnector.OneLine(rpc.Message)}; retry later"),
        _ => throw new InvalidOperationException("not a problem this API answers", exception),
    };

    public static bool IsKnown(Exception exception) => exception is ReleaseOperationException or ForbiddenProductException or InvalidManifestException or RpcException;

    public static ProblemHttpResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: $"https://httpstatuses.io/{status}", extensions: extensions);

    private static ProblemHttpResult Refused(ReleaseOperationException refused) => refused.Refusal switch
    {
        ReleaseRefusal.NotFound => Problem(StatusCodes.Status404NotFound, "Release not found", refused.Message),
        ReleaseRefusal.Conflict => Problem(
            StatusCodes.Status409Conflict,
            refused.RunningWorkflowId is null ? "Conflict" : "Release already running",
            refused.Message,
            refused.RunningWorkflowId is { } id ? new Dictionary<string, object?> { ["runningWorkflowId"] = id, ["running"] = $"/api/v1/releases/{Uri.EscapeDataString(id)}" } : null),
        ReleaseRefusal.Unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Temporal unavailable", refused.Message),
        _ => Problem(StatusCodes.Status400BadRequest, "Bad request", refused.Message),
    };
}
