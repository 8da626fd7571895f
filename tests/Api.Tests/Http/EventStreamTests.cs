using System.Net;
using System.Text.Json;

namespace Api.Tests.Http;

/// <summary><c>GET .../events</c>: Server-Sent Events of a release's progress, read as a stream until its end.</summary>
[Collection(ApiCollection.Name)]
public sealed class EventStreamTests(ApiFixture api)
{
    [Fact]
    public async Task Events_ProgressThenEnd_OfAReleaseThatSucceeds()
    {
        var release = TestRelease.Of(["a"], ["b"]);
        using var session = new ApiSession(api, api.CreateToken("streamer", ["read", "operate"]));
        var workflowId = await session.StartAsync(release.StartBody());
        using var timeout = new CancellationTokenSource(ApiSession.Deadline);

        using var request = new HttpRequestMessage(HttpMethod.Get, ApiSession.Path($"{ApiSession.Release(workflowId)}/events"));
        using var answer = await session.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var events = await ReadAsync(answer, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("text/event-stream", answer.Content.Headers.ContentType?.MediaType);
        Assert.True(events.Count >= 2, string.Join(" | ", events.Select(e => e.Name)));
        Assert.Equal("end", events[^1].Name);
        Assert.All(events[..^1], e => Assert.Equal("progress", e.Name));
        Assert.All(events[..^1], e => Assert.Equal("running", e.Data.GetProperty("status").GetString()));
        Assert.Equal("succeeded", events[^1].Data.GetProperty("status").GetString());
        Assert.All(ApiSession.Components(events[^1].Data), c => Assert.Equal("succeeded", c.GetProperty("status").GetString()));

        // Each progress event is a change: the stream does not repeat a document.
        Assert.Equal(events.Count, events.Select(e => e.Data.GetRawText()).Distinct().Count());
        Assert.Contains(events, e => e.Name == "progress" && ApiSession.Components(e.Data).Any(c => c.GetProperty("pipelineNumber").ValueKind == JsonValueKind.Number));
    }

    [Fact]
    public async Task Events_OfAnEndedRelease_OnlyTheEnd()
    {
        var release = TestRelease.Of(["a"]);
        using var session = new ApiSession(api, api.CreateToken("late-streamer", ["operate"]));
        var workflowId = await session.StartAsync(release.StartBody());
        await session.UntilEndedAsync(workflowId);
        using var timeout = new CancellationTokenSource(ApiSession.Deadline);

        using var answer = await session.Http.GetAsync(ApiSession.Path($"{ApiSession.Release(workflowId)}/events"), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var events = await ReadAsync(answer, timeout.Token);

        Assert.Equal("end", Assert.Single(events).Name);
    }

    [Fact]
    public async Task Events_UnknownRelease_NotFoundAsAProblemNotAStream()
    {
        using var session = new ApiSession(api, api.CreateToken("lost-streamer", ["read"]));

        await ApiSession.AssertProblemAsync(session.Http.GetAsync(ApiSession.Path("/api/v1/releases/release-none-0/events")), HttpStatusCode.NotFound, "no release with id release-none-0");
    }

    // The SSE framing: "event:" and "data:" lines, an empty line ends an event, ":" lines are comments.
    private static async Task<List<(string Name, JsonElement Data)>> ReadAsync(HttpResponseMessage answer, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await answer.Content.ReadAsStreamAsync(cancellationToken));
        var events = new List<(string, JsonElement)>();
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    events.Add((name, JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone()));
                }

                (name, data) = (null, []);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }

        return events;
    }
}
