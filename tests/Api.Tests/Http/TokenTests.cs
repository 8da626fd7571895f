using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Api.Tests.Http;

/// <summary><c>/api/v1/tokens</c> and <c>/api/v1/me</c>: tokens made and revoked by API calls, their secrets shown once.</summary>
[Collection(ApiCollection.Name)]
public sealed class TokenTests(ApiFixture api)
{
    [Fact]
    public async Task Create_ShowsTheSecretOnce_ListNeverShowsIt_AndTheTokenWorks()
    {
        using var admin = new ApiSession(api, api.AdminToken);
        var name = $"ci-{Guid.NewGuid():N}";

        using var answer = await admin.PostAsync("/api/v1/tokens", new JsonObject { ["name"] = name, ["scopes"] = new JsonArray("read"), ["products"] = new JsonArray("APIM") });
        var created = await ApiSession.JsonOf(answer);
        var secret = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("details").GetProperty("id").GetString()!;
        using var listed = await admin.Http.GetAsync(ApiSession.Path("/api/v1/tokens"));
        var listText = await listed.Content.ReadAsStringAsync();
        using var holder = new ApiSession(api, secret);
        var me = await holder.GetAsync("/api/v1/me");

        Assert.True(answer.StatusCode == HttpStatusCode.Created, created.ToString());
        Assert.Equal($"/api/v1/tokens/{id}", answer.Headers.Location?.OriginalString);
        Assert.StartsWith($"rel_{id}_", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.DoesNotContain(secret, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[(secret.LastIndexOf('_') + 1)..], listText, StringComparison.Ordinal);
        var row = JsonDocument.Parse(listText).RootElement.EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.False(row.TryGetProperty("token", out _), row.ToString());
        Assert.Equal((name, "token:admin"), (row.GetProperty("name").GetString(), row.GetProperty("createdBy").GetString()));
        Assert.Equal(($"token:{name}", id), (me.GetProperty("name").GetString(), me.GetProperty("tokenId").GetString()));
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["APIM"], me.GetProperty("products").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Revoke_TheTokenIsRefusedFromTheNextRequestOn()
    {
        using var admin = new ApiSession(api, api.AdminToken);
        var created = await ApiSession.JsonOf(await admin.PostAsync("/api/v1/tokens", new JsonObject { ["name"] = "to-revoke", ["scopes"] = new JsonArray("operate") }));
        var id = created.GetProperty("details").GetProperty("id").GetString()!;
        using var holder = new ApiSession(api, created.GetProperty("token").GetString());
        await holder.GetAsync("/api/v1/me");

        using var revoked = await admin.Http.DeleteAsync(ApiSession.Path($"/api/v1/tokens/{id}"));
        var refused = await holder.Http.GetAsync(ApiSession.Path("/api/v1/me"));
        var row = (await admin.GetAsync("/api/v1/tokens")).EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await ApiSession.AssertProblemAsync(refused, HttpStatusCode.Unauthorized, "a valid token is required");
        Assert.Equal(JsonValueKind.String, row.GetProperty("revokedAt").ValueKind);
        await ApiSession.AssertProblemAsync(admin.Http.DeleteAsync(ApiSession.Path("/api/v1/tokens/000000000000")), HttpStatusCode.NotFound, "no token with id 000000000000");
    }

    [Theory]
    [InlineData("""{ "name": "x", "scopes": ["superuser"] }""", "'superuser' is not one")]
    [InlineData("""{ "name": "x", "scopes": [] }""", "scopes must name at least one of read, operate, admin")]
    [InlineData("""{ "name": " ", "scopes": ["read"] }""", "name is required")]
    [InlineData("""{ "name": "x", "scopes": ["read"], "expiresAt": "2001-01-01T00:00:00Z" }""", "is in the past")]
    public async Task Create_BadRequest_SaysWhatToFix(string body, string says)
    {
        using var admin = new ApiSession(api, api.AdminToken);

        await ApiSession.AssertProblemAsync(admin.PostAsync("/api/v1/tokens", JsonNode.Parse(body)), HttpStatusCode.BadRequest, says);
    }

    [Fact]
    public async Task Create_ByAProductLimitedAdmin_OnlyForItsProducts()
    {
        using var limited = new ApiSession(api, api.CreateToken("apim-admin", ["admin"], ["APIM"]));

        await ApiSession.AssertProblemAsync(
            limited.PostAsync("/api/v1/tokens", new JsonObject { ["name"] = "everything", ["scopes"] = new JsonArray("read") }),
            HttpStatusCode.Forbidden, "can only create tokens limited to those products");
        using var allowed = await limited.PostAsync("/api/v1/tokens", new JsonObject { ["name"] = "apim-reader", ["scopes"] = new JsonArray("read"), ["products"] = new JsonArray("apim") });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }
}
