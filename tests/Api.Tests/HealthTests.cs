using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture api)
{
    [Fact]
    public async Task The_api_answers_its_health_check_without_a_token()
    {
        using var client = api.Client();
        var answer = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task The_first_start_admin_token_read_from_its_file_is_accepted()
    {
        using var client = api.Client(api.AdminToken);
        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal("token:admin", me.GetProperty("name").GetString());
    }
}
