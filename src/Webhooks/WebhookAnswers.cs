using Microsoft.AspNetCore.Http;

namespace Release.Webhooks;

/// <summary>
/// The receiver's error answers: a short plain-text line a person can read in CircleCI's delivery
/// log, never a stack trace or a framework's problem document.
/// </summary>
internal static class WebhookAnswers
{
    public static IResult Error(int statusCode, string message) =>
        Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: statusCode);

    public static IResult NotFound(string path) =>
        Error(StatusCodes.Status404NotFound, $"not found: CircleCI webhooks go to POST {path}");

    public static IResult WrongMethod(string method, string path) =>
        Error(StatusCodes.Status405MethodNotAllowed, $"method {method} is not allowed: CircleCI webhooks go to POST {path}");

    /// <summary>Turns anything a handler did not expect into a plain 500, logged for the operator.</summary>
    public static async Task GuardAsync(HttpContext context, RequestDelegate next, Action<Exception> log)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            log(e);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("internal error in the webhook receiver; it is logged on the worker\n");
        }
    }
}
