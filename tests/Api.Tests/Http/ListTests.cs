using System.Net;
using System.Text.Json;

namespace Api.Tests.Http;

/// <summary><c>GET /api/v1/releases</c>: filtered by product, version and status, page by page.</summary>
[Collection(ApiCollection.Name)]
public sealed class ListTests(ApiFixture api)
{
    [Fact]
    public async Task List_FiltersByProductVersionAndStatus_AndPagesWithTheNextPageToken()
    {
        var first = TestRelease.Of(["a"]);
        var second = first.WithVersion("1.1.0-SNAPSHOT");
        using var session = new ApiSession(api, api.CreateToken("lister", ["operate"]));
        var firstId = await session.StartAsync(first.StartBody());
        var secondId = await session.StartAsync(second.StartBody());
        await session.UntilEndedAsync(firstId);
        await session.UntilEndedAsync(secondId);

        // Visibility is eventually consistent: wait until both show as ended.
        var byProduct = await UntilListedAsync(session, $"product={first.Product}", l => l.Count == 2 && l.All(r => r.GetProperty("status").GetString() == "succeeded"));
        var byVersion = await UntilListedAsync(session, $"product={first.Product}&version=1.1.0-SNAPSHOT", l => l.Count == 1);
        var succeeded = await UntilListedAsync(session, $"product={first.Product}&status=succeeded", l => l.Count == 2);
        var running = await session.GetAsync($"/api/v1/releases?product={first.Product}&status=running");

        Assert.Equal([firstId, secondId], byProduct.Select(r => r.GetProperty("workflowId").GetString()).Order());
        Assert.All(byProduct, r => Assert.Equal(first.Product, r.GetProperty("product").GetString()));
        Assert.Equal(secondId, byVersion.Single().GetProperty("workflowId").GetString());
        Assert.Equal("1.1.0-SNAPSHOT", byVersion.Single().GetProperty("version").GetString());
        Assert.Equal(2, succeeded.Count);
        Assert.Empty(running.GetProperty("releases").EnumerateArray());
        Assert.All(byProduct, r => Assert.True(r.GetProperty("durationSeconds").GetDouble() > 0, r.ToString()));

        var page1 = await session.GetAsync($"/api/v1/releases?product={first.Product}&pageSize=1");
        var token = page1.GetProperty("nextPageToken").GetString();
        Assert.False(string.IsNullOrEmpty(token), page1.ToString());
        var page2 = await session.GetAsync($"/api/v1/releases?product={first.Product}&pageSize=1&pageToken={Uri.EscapeDataString(token!)}");
        var paged = page1.GetProperty("releases").EnumerateArray().Concat(page2.GetProperty("releases").EnumerateArray())
            .Select(r => r.GetProperty("workflowId").GetString()).Order().ToList();
        Assert.Equal([firstId, secondId], paged);
    }

    [Fact]
    public async Task List_RunningFilter_ShowsTheRunningRelease()
    {
        var release = TestRelease.Of(["slow"]);
        using var session = new ApiSession(api, api.CreateToken("running-lister", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());

        var running = await UntilListedAsync(session, $"product={release.Product}&status=running", l => l.Count == 1);
        await session.AbortAndWaitAsync(workflowId);
        var aborted = await UntilListedAsync(session, $"product={release.Product}&status=aborted", l => l.Count == 1);

        Assert.Equal((workflowId, "running"), (running[0].GetProperty("workflowId").GetString(), running[0].GetProperty("status").GetString()));
        Assert.Equal("aborted", aborted[0].GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("status=sucess", "status 'sucess' is not one of")]
    [InlineData("pageToken=not*a*token", "pageToken is not one this API gave")]
    [InlineData("pageSize=0", "pageSize 0 must be between 1 and")]
    [InlineData("pageSize=abc", "pageSize 'abc' is not a whole number")]
    public async Task List_BadFilter_BadRequestNamingTheValuesAllowed(string query, string says)
    {
        using var session = new ApiSession(api, api.CreateToken("bad-lister", ["read"]));

        await ApiSession.AssertProblemAsync(session.Http.GetAsync(ApiSession.Path($"/api/v1/releases?{query}")), HttpStatusCode.BadRequest, says);
    }

    private static async Task<List<JsonElement>> UntilListedAsync(ApiSession session, string query, Func<List<JsonElement>, bool> condition)
    {
        var until = DateTime.UtcNow + ApiSession.Deadline;
        List<JsonElement> last = [];
        while (DateTime.UtcNow < until)
        {
            last = (await session.GetAsync($"/api/v1/releases?{query}")).GetProperty("releases").EnumerateArray().ToList();
            if (condition(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"GET /api/v1/releases?{query} never listed what was expected; last: [{string.Join(", ", last)}]");
        return last;
    }
}
