using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Api.Tests.Http;

/// <summary>
/// Every way a request can be refused for its credential: 401 (who are you) and 403 (not
/// allowed), each as problem details that carry no release data.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthFailureTests(ApiFixture api)
{
    [Fact]
    public async Task MissingToken_Unauthorized()
    {
        using var anonymous = new ApiSession(api, null);

        var answer = await anonymous.Http.GetAsync(ApiSession.Path("/api/v1/releases"));

        Assert.Equal("Bearer", answer.Headers.WwwAuthenticate.Single().Scheme);
        await AssertNoDataAsync(answer, HttpStatusCode.Unauthorized, "a valid token is required");
    }

    [Theory]
    [InlineData("Bearer", "not-a-token")]
    [InlineData("Bearer", "rel_short_x")]
    [InlineData("Bearer", "rel_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic", "YWRtaW46YWRtaW4=")]
    public async Task MalformedOrUnknownToken_Unauthorized(string scheme, string value)
    {
        using var client = api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, value);

        await AssertNoDataAsync(await client.GetAsync(ApiSession.Path("/api/v1/releases")), HttpStatusCode.Unauthorized, "a valid token is required");
    }

    [Fact]
    public async Task RightIdWrongSecret_Unauthorized()
    {
        var real = api.CreateToken("guessed", ["admin"]);
        using var guesser = new ApiSession(api, real[..^4] + (real.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));

        await AssertNoDataAsync(await guesser.Http.GetAsync(ApiSession.Path("/api/v1/me")), HttpStatusCode.Unauthorized, "a valid token is required");
    }

    [Fact]
    public async Task ExpiredToken_UnauthorizedOnceItsTimePassed()
    {
        using var session = new ApiSession(api, api.CreateToken("short-lived", ["read"], expires: api.Time.GetUtcNow().AddHours(1)));
        await session.GetAsync("/api/v1/me");

        api.Time.Advance(TimeSpan.FromHours(2));

        await AssertNoDataAsync(await session.Http.GetAsync(ApiSession.Path("/api/v1/me")), HttpStatusCode.Unauthorized, "a valid token is required");
    }

    [Fact]
    public async Task WrongScope_Forbidden()
    {
        var release = TestRelease.Of(["a"]);
        using var reader = new ApiSession(api, api.CreateToken("reader", ["read"]));
        using var operate = new ApiSession(api, api.CreateToken("operator", ["operate"]));

        await AssertNoDataAsync(await reader.PostAsync("/api/v1/releases", release.StartBody()), HttpStatusCode.Forbidden, "this token's scopes do not allow this request");
        await AssertNoDataAsync(await reader.PostAsync("/api/v1/releases/any/abort", new JsonObject { ["reason"] = "r" }), HttpStatusCode.Forbidden, "scopes do not allow");
        await AssertNoDataAsync(await operate.Http.GetAsync(ApiSession.Path("/api/v1/tokens")), HttpStatusCode.Forbidden, "scopes do not allow");
        await AssertNoDataAsync(await operate.PostAsync("/api/v1/tokens", new JsonObject { ["name"] = "x", ["scopes"] = new JsonArray("admin") }), HttpStatusCode.Forbidden, "scopes do not allow");
        await AssertNoDataAsync(await reader.Http.DeleteAsync(ApiSession.Path("/api/v1/tokens/000000000000")), HttpStatusCode.Forbidden, "scopes do not allow");
        Assert.Empty((await reader.GetAsync($"/api/v1/releases?product={release.Product}")).GetProperty("releases").EnumerateArray());
    }

    [Fact]
    public async Task WrongProduct_ForbiddenWithNothingOfTheRelease()
    {
        var other = TestRelease.Of(["slow"]);
        var own = TestRelease.Of(["a"]);
        using var admin = new ApiSession(api, api.AdminToken);
        var workflowId = await admin.StartAsync(other.StartBody());
        using var limited = new ApiSession(api, api.CreateToken("own-product", ["operate"], [own.Product]));

        var answers = new List<HttpResponseMessage>
        {
            await limited.Http.GetAsync(ApiSession.Path(ApiSession.Release(workflowId))),
            await limited.Http.GetAsync(ApiSession.Path($"{ApiSession.Release(workflowId)}/report")),
            await limited.Http.GetAsync(ApiSession.Path($"{ApiSession.Release(workflowId)}/events")),
            await limited.PostAsync($"{ApiSession.Release(workflowId)}/abort", new JsonObject { ["reason"] = "not mine" }),
            await limited.PostAsync($"{ApiSession.Release(workflowId)}/pause", new JsonObject { ["reason"] = "not mine" }),
            await limited.PostAsync($"{ApiSession.Release(workflowId)}/resume", new JsonObject { ["reason"] = "not mine" }),
            await limited.PostAsync("/api/v1/releases", other.StartBody()),
        };
        var listed = await limited.GetAsync("/api/v1/releases?status=running");
        var state = await admin.GetAsync(ApiSession.Release(workflowId));
        await admin.AbortAndWaitAsync(workflowId);

        foreach (var answer in answers)
        {
            await AssertNoDataAsync(answer, HttpStatusCode.Forbidden, "this token may not act on", workflowId, other.Component("slow"));
        }

        Assert.DoesNotContain(listed.GetProperty("releases").EnumerateArray(), r => r.GetProperty("workflowId").GetString() == workflowId);
        Assert.Equal("running", state.GetProperty("status").GetString());
        Assert.Empty(state.GetProperty("actions").EnumerateArray());
    }

    /// <summary>A refusal that says why in problem details and holds none of the release's data.</summary>
    internal static async Task AssertNoDataAsync(HttpResponseMessage answer, HttpStatusCode status, string says, params string[] secrets)
    {
        using (answer)
        {
            var problem = await ApiSession.AssertProblemAsync(answer, status, says);
            var names = problem.EnumerateObject().Select(p => p.Name).Where(n => n is not ("type" or "title" or "status" or "detail" or "traceId" or "instance")).ToList();
            Assert.True(names.Count == 0, $"the refusal carries more than the problem: {problem}");
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, problem.GetRawText(), StringComparison.Ordinal);
            }
        }
    }
}
