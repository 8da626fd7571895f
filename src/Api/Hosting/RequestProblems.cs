using System.Text.RegularExpressions;

namespace Release.Api.Hosting;

/// <summary>
/// What ASP.NET itself refuses, as problem details like the API's own refusals: a query value that
/// does not bind (<c>pageSize=abc</c>) names the parameter and the value, an unknown route or a
/// wrong method says so, and an unexpected failure is a 500 that points at the log, never a stack
/// trace.
/// </summary>
public static partial class RequestProblems
{
    /// <summary>Makes binding failures thrown rather than answered with an empty 400, so they can be explained.</summary>
    public static IServiceCollection AddRequestProblems(this IServiceCollection services) =>
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

    public static IApplicationBuilder UseRequestProblems(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Problems.Problem(e.StatusCode, "Bad request", Explain(e)).ExecuteAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogUnexpected(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestProblems)), context.Request.Path, e);
            context.Response.Clear();
            await Problems.Problem(StatusCodes.Status500InternalServerError, "Internal error", "the API failed unexpectedly; its log has the details, and retrying may help")
                .ExecuteAsync(context);
        }
    });

    /// <summary>The words for a status ASP.NET set with no body (no route, wrong method, body type).</summary>
    public static string? DescribeEmpty(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"nothing at {context.Request.Path}; /openapi/v1.json lists the routes",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}; /openapi/v1.json lists each route's methods",
        StatusCodes.Status415UnsupportedMediaType => "send the body as application/json",
        StatusCodes.Status400BadRequest => "the request could not be read; /openapi/v1.json describes what each route takes",
        _ => null,
    };

    // ASP.NET's words are `Failed to bind parameter "int? pageSize" from "abc".`: turned into which
    // query value is wrong and what it should be, with the value cut short.
    private static string Explain(BadHttpRequestException e)
    {
        if (BindFailure().Match(e.Message) is { Success: true } match)
        {
            var value = match.Groups["value"].Value;
            value = value.Length > 40 ? value[..40] + "…" : value;
            return $"{match.Groups["name"].Value} '{value}' is not {Kind(match.Groups["type"].Value)}";
        }

        if (RequiredMissing().Match(e.Message) is { Success: true } missing)
        {
            return $"{missing.Groups["name"].Value} is required";
        }

        return e.Message.ReplaceLineEndings(" ").Trim();
    }

    private static string Kind(string type) => type.TrimEnd('?') switch
    {
        "int" or "long" => "a whole number",
        "bool" => "true or false",
        "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601)",
        "Guid" => "a GUID",
        var other => $"a valid {other}",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>\S+) (?<name>\w+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>\S+) (?<name>\w+)" was not provided""")]
    private static partial Regex RequiredMissing();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering {Path}")]
    private static partial void LogUnexpected(ILogger logger, string path, Exception exception);
}
