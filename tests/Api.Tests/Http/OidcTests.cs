using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Release.Activities.Release;
using Release.Api.Hosting;
using Release.Releases.Connection;

namespace Api.Tests.Http;

/// <summary>
/// OIDC JWT bearer tokens on a second API host of the suite's stack, configured with a fixed
/// signing key (as RELEASE_API_OIDC_SIGNING_KEY_FILE does): the tests sign their own JWTs.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OidcTests(ApiFixture api) : IAsyncLifetime
{
    private const string Authority = "https://login.example.test/realms/release";
    private const string Audience = "release-api";
    private readonly SymmetricSecurityKey key = new(RandomNumberGenerator.GetBytes(32));
    private readonly string data = Path.Combine(Path.GetTempPath(), $"api-oidc-{Guid.NewGuid():N}");
    private WebApplication host = null!;

    public async Task InitializeAsync()
    {
        var settings = new ApiSettings("http://127.0.0.1:0", data, null, 10_000, new OidcSettings(Authority, Audience, key));
        var connection = new ConnectionSettings(
            new TemporalSettings { Address = api.Stack.Address, Namespace = "default", TaskQueue = Release.LocalStack.LocalStack.TaskQueue }, api.Stack.UiAddress);
        host = ApiHost.Build(settings, api.Stack.Client, connection, ReportStore.FromEnvironment());
        await host.StartAsync();
    }

    [Fact]
    public async Task GoodJwt_AcceptedAsTheUserWithItsScopes()
    {
        using var client = Client(Jwt(DateTime.UtcNow.AddMinutes(10)));

        using var answer = await client.GetAsync(ApiSession.Path("/api/v1/me"));
        var me = await ApiSession.JsonOf(answer);
        using var list = await client.GetAsync(ApiSession.Path("/api/v1/releases?pageSize=1"));

        Assert.True(answer.StatusCode == HttpStatusCode.OK, me.ToString());
        Assert.Equal("oidc:alice", me.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("tokenId").ValueKind);
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await AuthFailureTests.AssertNoDataAsync(await client.PostAsync(ApiSession.Path("/api/v1/releases"), null), HttpStatusCode.Forbidden, "scopes do not allow");
    }

    [Fact]
    public async Task ExpiredJwt_Unauthorized()
    {
        using var client = Client(Jwt(DateTime.UtcNow.AddMinutes(-10)));

        await AuthFailureTests.AssertNoDataAsync(await client.GetAsync(ApiSession.Path("/api/v1/me")), HttpStatusCode.Unauthorized, "a valid token is required");
    }

    [Fact]
    public async Task WrongAudienceOrIssuerOrKey_Unauthorized()
    {
        var other = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));
        foreach (var jwt in new[] { Jwt(DateTime.UtcNow.AddMinutes(10), audience: "another-api"), Jwt(DateTime.UtcNow.AddMinutes(10), issuer: "https://evil.test"), Jwt(DateTime.UtcNow.AddMinutes(10), signing: other) })
        {
            using var client = Client(jwt);
            await AuthFailureTests.AssertNoDataAsync(await client.GetAsync(ApiSession.Path("/api/v1/me")), HttpStatusCode.Unauthorized, "a valid token is required");
        }
    }

    [Fact]
    public async Task ApiTokens_StillWorkBesideOidc()
    {
        var store = (Release.Api.Tokens.TokenStore)host.Services.GetService(typeof(Release.Api.Tokens.TokenStore))!;
        var (_, secret) = store.Create("beside-oidc", ["read"], [], null, "test");
        using var client = Client(secret);

        var me = await ApiSession.JsonOf(await client.GetAsync(ApiSession.Path("/api/v1/me")));

        Assert.Equal("token:beside-oidc", me.GetProperty("name").GetString());
    }

    public async Task DisposeAsync()
    {
        await host.StopAsync();
        await host.DisposeAsync();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the closing host: a leftover temp folder is harmless.
        }
    }

    private string Jwt(DateTime expires, string audience = Audience, string issuer = Authority, SecurityKey? signing = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        Claims = new Dictionary<string, object> { ["sub"] = "user-1", ["preferred_username"] = "alice", ["scope"] = "read" },
        SigningCredentials = new SigningCredentials(signing ?? key, SecurityAlgorithms.HmacSha256),
    });

    private HttpClient Client(string bearer)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
