using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Api.Tests.Http;

/// <summary>
/// The OpenAPI document against the routes the app really serves, both ways: a route added
/// without being documented, or a documented one that is gone, fails the build.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class OpenApiTests(ApiFixture api)
{
    [Fact]
    public async Task OpenApiDocument_ListsExactlyTheRoutesTheAppServes()
    {
        using var client = api.Client();
        var document = await ApiSession.JsonOf(await client.GetAsync(ApiSession.Path("/openapi/v1.json")));

        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => HttpMethods.Contains(o.Name)).Select(o => $"{o.Name.ToUpperInvariant()} {Normal(path.Name)}"))
            .ToHashSet(StringComparer.Ordinal);
        var served = Served().ToHashSet(StringComparer.Ordinal);

        Assert.True(served.Count > 10, string.Join(", ", served));
        var undocumented = served.Except(documented).Order().ToList();
        var gone = documented.Except(served).Order().ToList();
        Assert.True(undocumented.Count == 0, $"routes missing from /openapi/v1.json (document them, or mark them ExcludeFromDescription on purpose): {string.Join(", ", undocumented)}");
        Assert.True(gone.Count == 0, $"/openapi/v1.json documents routes the app does not serve: {string.Join(", ", gone)}");
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheBearerTokensAndTheReleaseBodies()
    {
        using var client = api.Client();
        var document = await ApiSession.JsonOf(await client.GetAsync(ApiSession.Path("/openapi/v1.json")));

        var start = document.GetProperty("paths").GetProperty("/api/v1/releases").GetProperty("post");
        Assert.True(start.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _), start.ToString());
        Assert.Contains(start.GetProperty("responses").EnumerateObject(), r => r.Name == "201");
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("StartReleaseRequest", out _));
    }

    private static readonly string[] HttpMethods = ["get", "post", "put", "delete", "patch", "head", "options"];

    // Every endpoint with HTTP methods, except those deliberately left out of the description (the document itself, pages).
    private IEnumerable<string> Served() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Normal(e.RoutePattern.RawText ?? "")}"));

    // "/api/v1/releases/" and "/api/v1/releases" are one route; constraints are not part of a documented path.
    private static string Normal(string path)
    {
        var bare = Constraint().Replace(path, "{$1}");
        return "/" + bare.Trim('/');
    }

    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)(?::[^}]*)?\??\}")]
    private static partial Regex Constraint();
}
