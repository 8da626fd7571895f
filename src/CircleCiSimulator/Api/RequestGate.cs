namespace Release.CircleCiSimulator;

/// <summary>
/// What every API call passes before its endpoint: counting, the Circle-Token check, injected
/// faults. Calls to /_simulator skip all three, so observing the simulator does not change it.
/// </summary>
internal static class RequestGate
{
    public static void UseRequestGate(this WebApplication app)
    {
        app.Use(CountAsync);
        app.Use(AuthenticateAsync);
        app.Use(InjectFaultsAsync);
    }

    private static Task CountAsync(HttpContext context, RequestDelegate next)
    {
        if (IsSimulatorCall(context))
        {
            return next(context);
        }

        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        context.RequestServices.GetRequiredService<SimulatorStats>().CountCall($"{context.Request.Method} {pattern ?? "(unmatched)"}");
        return pattern is null
            ? ApiResults.NotFound("Not found.").ExecuteAsync(context)
            : next(context);
    }

    private static Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var expected = context.RequestServices.GetRequiredService<SimulatorScenario>().Token;
        // Output URLs stand for CircleCI's signed storage links, which take no token.
        if (IsSimulatorCall(context) || expected is null || context.Request.Headers["Circle-Token"] == expected
            || context.Request.Path.StartsWithSegments(JobV1Endpoints.OutputPrefix))
        {
            return next(context);
        }

        return ApiResults.Error(StatusCodes.Status401Unauthorized, "You must log in first.").ExecuteAsync(context);
    }

    private static async Task InjectFaultsAsync(HttpContext context, RequestDelegate next)
    {
        if (IsSimulatorCall(context))
        {
            await next(context);
            return;
        }

        var services = context.RequestServices;
        var stats = services.GetRequiredService<SimulatorStats>();
        var fault = services.GetRequiredService<FaultInjector>().Decide(ProjectOf(context, services.GetRequiredService<SimulatorState>()));
        if (fault.Delay > TimeSpan.Zero)
        {
            stats.CountFault("slow");
            await Task.Delay(fault.Delay, context.RequestAborted);
        }

        switch (fault.Kind)
        {
            case FaultKind.RateLimit:
                stats.CountFault("rate_limited");
                context.Response.Headers.RetryAfter = fault.Spec.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (fault.Spec.RateLimitPlainText)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync("Rate limited.", context.RequestAborted);
                }
                else
                {
                    await ApiResults.Error(StatusCodes.Status429TooManyRequests, "Rate limit exceeded").ExecuteAsync(context);
                }

                return;
            case FaultKind.ServerError:
                stats.CountFault("server_error");
                await ApiResults.Error(StatusCodes.Status500InternalServerError, "Internal server error").ExecuteAsync(context);
                return;
            default:
                await next(context);
                return;
        }
    }

    /// <summary>The project a call is about, so its own faults apply; null when unknown.</summary>
    private static string? ProjectOf(HttpContext context, SimulatorState state)
    {
        var values = context.Request.RouteValues;
        if (values.TryGetValue("vcs", out var vcs) && values.TryGetValue("org", out var org) && values.TryGetValue("repo", out var repo))
        {
            return $"{vcs}/{org}/{repo}";
        }

        if (values.TryGetValue("id", out var value) && value is string id)
        {
            var path = context.Request.Path;
            return path.StartsWithSegments("/api/v2/pipeline") ? state.FindPipeline(id)?.ProjectSlug
                : path.StartsWithSegments("/api/v2/workflow") ? state.FindWorkflow(id)?.Run.ProjectSlug
                : null;
        }

        return null;
    }

    private static bool IsSimulatorCall(HttpContext context) => context.Request.Path.StartsWithSegments(SimulatorEndpoints.Prefix);
}
