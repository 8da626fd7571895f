using System.Net;
using System.Text.RegularExpressions;

namespace Api.Tests.Dashboard;

/// <summary>
/// What protects the dashboard, over plain HTTP as an attacker would send it: the security headers
/// on every page, form posts refused without their antiforgery token (and nothing done), read
/// tokens refused the buttons server-side, pages without a session sent to /login.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class DashboardSecurityTests(ApiFixture api)
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/")]
    [InlineData("/dashboard/dashboard.css")]
    public async Task Pages_EveryResponse_CarriesTheStrictSecurityHeaders(string path)
    {
        using var client = Client(api.AdminToken, out _);

        using var answer = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var csp = Assert.Single(answer.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(answer.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(answer.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Pages_WithoutASession_RedirectToLogin()
    {
        using var client = Client(null, out _);

        using var answer = await client.GetAsync(new Uri("/releases/anything", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/login?returnUrl=%2Freleases%2Fanything", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Abort_PostWithoutItsAntiforgeryToken_IsRefused400AndDoesNothing()
    {
        var id = await DashboardReleases.StartAsync(api, DashboardReleases.Unique("dash-csrf"), [["slow"]]);
        using var client = Client(api.AdminToken, out _);

        using var answer = await client.PostAsync(
            new Uri($"/releases/{id}/abort", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "forged" }));
        using var login = await client.PostAsync(
            new Uri("/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = api.AdminToken }));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("This form had no valid security token", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        var detail = await DashboardReleases.DetailAsync(api, id);
        Assert.Equal("running", detail.GetProperty("status").GetString());
        Assert.Empty(detail.GetProperty("actions").EnumerateArray());
        await AbortAsync(id);
    }

    [Fact]
    public async Task Abort_ReadTokenWithAValidAntiforgeryToken_SeesNoButtonAndIsRefused403()
    {
        var id = await DashboardReleases.StartAsync(api, DashboardReleases.Unique("dash-read"), [["slow"]]);
        using var client = Client(api.CreateToken("reader", ["read"]), out _);

        var page = await client.GetStringAsync(new Uri($"/releases/{id}", UriKind.Relative));
        var token = CsrfField().Match(page).Groups[1].Value;
        using var answer = await client.PostAsync(
            new Uri($"/releases/{id}/abort", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["csrf"] = token, ["reason"] = "not mine to do" }));

        Assert.DoesNotContain("Abort the release", page, StringComparison.Ordinal);
        Assert.Contains("(read only)", page, StringComparison.Ordinal);
        Assert.NotEmpty(token);
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal("running", (await DashboardReleases.DetailAsync(api, id)).GetProperty("status").GetString());
        await AbortAsync(id);
    }

    private async Task AbortAsync(string id)
    {
        using var admin = api.Client(api.AdminToken);
        using var done = await admin.PostAsync(
            new Uri($"/api/v1/releases/{id}/abort", UriKind.Relative), new StringContent("""{"reason":"test over","cancelPipelines":true}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, done.StatusCode);
    }

    /// <summary>A browser-like client: cookies kept (the session, antiforgery's), redirects not followed.</summary>
    private HttpClient Client(string? session, out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        if (session is not null)
        {
            cookies.Add(api.BaseUrl, new Cookie("release_session", session));
        }

#pragma warning disable CA2000 // The client owns and disposes the handler.
        return new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false }, disposeHandler: true) { BaseAddress = api.BaseUrl };
#pragma warning restore CA2000
    }

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
