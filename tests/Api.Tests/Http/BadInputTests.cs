using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Api.Tests.Http;

/// <summary>Bad requests get problem details whose detail says what is wrong and what to do, never a stack trace.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/v1/releases", "{ \"manifest\": { \"name\": ", "the request body is not valid JSON")]
    [InlineData("/api/v1/releases", "[1, 2]", "the request body is not valid JSON")]
    [InlineData("/api/v1/releases", "", "the request needs a JSON body")]
    [InlineData("/api/v1/releases/any/abort", "{ \"reason\": 12 }", "$.reason")]
    [InlineData("/api/v1/tokens", "{ \"name\": \"x\", \"scopes\": \"read\" ", "the request body is not valid JSON")]
    public async Task MalformedJsonBody_BadRequestPointingAtTheProblem(string path, string body, string says)
    {
        using var session = new ApiSession(api, api.AdminToken);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        await ApiSession.AssertProblemAsync(session.Http.PostAsync(ApiSession.Path(path), content), HttpStatusCode.BadRequest, says);
    }

    [Fact]
    public async Task ManifestWithErrors_BadRequestListingEachWithLineAndColumn()
    {
        using var session = new ApiSession(api, api.CreateToken("sloppy", ["operate"]));
        var manifest = "{\n  \"name\": \"broken\",\n  \"version\": \"1.0.0-SNAPSHOT\",\n  \"components\": [ { \"name\": \"a\" }, { \"name\": \"a\" } ],\n  \"buildDependencies\": [[\"a\"]]\n}";

        var problem = await ApiSession.AssertProblemAsync(
            session.PostAsync("/api/v1/releases", new JsonObject { ["manifest"] = manifest, ["branch"] = "main" }), HttpStatusCode.BadRequest, "invalid manifest: line ");

        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(e.GetProperty("line").GetInt32() > 0 && e.GetProperty("column").GetInt32() > 0, e.ToString()));
        Assert.Contains(errors, e => e.GetProperty("message").GetString()!.Contains("scmHttpUrl", StringComparison.Ordinal) || e.GetProperty("line").GetInt32() == 4);
    }

    [Fact]
    public async Task StartWithoutAManifest_BadRequestSayingWhatToSend()
    {
        using var session = new ApiSession(api, api.CreateToken("empty-handed", ["operate"]));

        await ApiSession.AssertProblemAsync(session.PostAsync("/api/v1/releases", new JsonObject { ["branch"] = "main" }), HttpStatusCode.BadRequest, "give manifest (a release.json document) or manifestPath");
    }

    [Theory]
    [InlineData("onFailure", "\"maybe\"", "onFailure 'maybe' is not stop or ask")]
    [InlineData("pollIntervalSeconds", "-1", "pollIntervalSeconds -1 must be between 0 and 3600")]
    public async Task StartWithABadSetting_BadRequestNamingIt(string field, string value, string says)
    {
        var body = TestRelease.Of(["a"]).StartBody();
        body[field] = JsonNode.Parse(value);
        using var session = new ApiSession(api, api.CreateToken("misconfigured", ["operate"]));

        await ApiSession.AssertProblemAsync(session.PostAsync("/api/v1/releases", body), HttpStatusCode.BadRequest, says);
    }

    [Fact]
    public async Task UnknownRelease_NotFoundForEveryOperation()
    {
        using var session = new ApiSession(api, api.AdminToken);
        const string Id = "release-unknown-9.9.9";

        foreach (var operation in new[] { "abort", "resume", "decisions", "approvals", "pause", "unpause" })
        {
            var body = new JsonObject { ["reason"] = "r", ["component"] = "c", ["action"] = "skip" };
            await ApiSession.AssertProblemAsync(session.PostAsync($"{ApiSession.Release(Id)}/{operation}", body), HttpStatusCode.NotFound, $"no release with id {Id}");
        }
    }

    [Fact]
    public async Task UnknownRoute_NotFoundPointingAtTheRouteList()
    {
        using var session = new ApiSession(api, api.AdminToken);

        await ApiSession.AssertProblemAsync(session.Http.GetAsync(ApiSession.Path("/api/v1/relases")), HttpStatusCode.NotFound, "nothing at /api/v1/relases; /openapi/v1.json lists the routes");
    }

    [Fact]
    public async Task WrongMethod_MethodNotAllowedNamingIt()
    {
        using var session = new ApiSession(api, api.AdminToken);

        await ApiSession.AssertProblemAsync(session.Http.DeleteAsync(ApiSession.Path("/api/v1/releases")), HttpStatusCode.MethodNotAllowed, "DELETE is not allowed on /api/v1/releases");
    }
}
