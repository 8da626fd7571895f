using System.Net;
using Release.Activities.CircleCi;

namespace Release.CircleCi.Tests;

/// <summary>
/// Answers as CircleCI really writes them, through the real HTTP client: "" and null read as
/// absent, a bad item is skipped with a warning, and what cannot be read at all is named.
/// </summary>
public sealed class AnswerToleranceTests
{
    private const string Token = "stub-token-a81c33-secret";

    private readonly WarningLog log = new();

    private CircleCiClient ClientFor(StubHandler handler) =>
        new(new HttpClient(handler), new CircleCiClientOptions { BaseUrl = new Uri("https://circleci.example/api/v2/"), Token = Token }, logger: log);

    private CircleCiClient Answering(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        ClientFor(new StubHandler(_ => StubHandler.Json(status, json)));

    [Fact]
    public async Task GetPipelineAsync_EmptyStringDates_ReadAsAbsent()
    {
        var client = Answering("""
            {"id": "p1", "number": 7, "state": "created", "errors": [], "project_slug": "gh/acme/api",
             "created_at": "", "updated_at": "  ",
             "trigger": {"type": "api", "received_at": "", "actor": {"login": "bot", "avatar_url": ""}}}
            """);

        var pipeline = await client.GetPipelineAsync("p1");

        Assert.Null(pipeline.CreatedAt);
        Assert.Null(pipeline.UpdatedAt);
        Assert.Null(pipeline.Trigger?.ReceivedAt);
        Assert.Null(pipeline.Trigger?.Actor?.AvatarUrl);
        Assert.Equal("bot", pipeline.Trigger?.Actor?.Login);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task GetJobDetailsAsync_NullAndEmptyNumbers_ReadAsAbsent()
    {
        var client = Answering("""
            {"number": "", "name": "test", "status": "running", "web_url": null, "duration": null,
             "parallelism": null, "parallel_runs": [{"index": null, "status": "running"}],
             "created_at": null, "queued_at": "", "started_at": "2025-10-01T12:00:00Z", "stopped_at": null}
            """);

        var details = await client.GetJobDetailsAsync("gh/acme/api", 12);

        Assert.Null(details.Number);
        Assert.Null(details.Duration);
        Assert.Null(details.Parallelism);
        Assert.Null(details.WebUrl);
        Assert.Null(Assert.Single(details.ParallelRuns).Index);
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 12, 0, 0, TimeSpan.Zero), details.StartedAt);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task GetPipelineAsync_NullAndEmptyNestedObjectsAndLists_ReadAsAbsent()
    {
        var client = Answering("""
            {"id": "p1", "number": 7, "state": null, "errors": null, "project_slug": null,
             "trigger": null, "vcs": "", "trigger_parameters": null}
            """);

        var pipeline = await client.GetPipelineAsync("p1");

        Assert.Null(pipeline.Trigger);
        Assert.Null(pipeline.Vcs);
        Assert.Null(pipeline.TriggerParameters);
        Assert.Empty(pipeline.Errors);
        Assert.Equal("", pipeline.State);
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task GetWorkflowsAsync_UnknownStatusString_IsKeptAndWarnedOncePerValue()
    {
        var client = Answering("""
            {"items": [{"id": "w1", "name": "build", "status": "quantum_superposition", "pipeline_number": null},
                       {"id": "w2", "name": "deploy", "status": null}], "next_page_token": null}
            """);

        var first = await client.GetWorkflowsAsync("p1");
        await client.GetWorkflowsAsync("p1");

        Assert.Equal(["quantum_superposition", ""], first.Select(w => w.Status));
        Assert.Null(first[0].PipelineNumber);
        var warning = Assert.Single(log.Warnings);
        Assert.Equal("CircleCI answered the workflow status quantum_superposition, which this client does not know; it is treated as not finished", warning);
    }

    [Fact]
    public async Task GetWorkflowsAsync_PageWithBadItems_KeepsTheRestAndWarnsNamingEndpointAndFields()
    {
        var client = Answering("""
            {"items": [
               {"id": "w1", "name": "build", "status": "success", "created_at": "2025-10-01T12:00:00Z"},
               {"name": "orphan", "status": "failed"},
               {"id": "w3", "name": "test", "status": 42, "created_at": 1759320000, "stopped_at": "yesterday"},
               {"id": {"nested": true}, "name": "odd"}
             ], "next_page_token": ""}
            """);

        var workflows = await client.GetWorkflowsAsync("p1");

        Assert.Equal(["w1", "w3"], workflows.Select(w => w.Id));
        Assert.Equal("", workflows[1].Status);
        Assert.Null(workflows[1].CreatedAt);
        Assert.Null(workflows[1].StoppedAt);
        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith("CircleCI GET /pipeline/p1/workflow answered 5 field(s) the client cannot read", warning, StringComparison.Ordinal);
        Assert.Contains("items[1] skipped: items[1].id is missing", warning, StringComparison.Ordinal);
        Assert.Contains("items[2].status should be text, found 42; read as absent", warning, StringComparison.Ordinal);
        Assert.Contains("items[2].created_at should be a date, found 1759320000", warning, StringComparison.Ordinal);
        Assert.Contains("items[2].stopped_at should be a date, found \"yesterday\"", warning, StringComparison.Ordinal);
        Assert.Contains("items[3] skipped: items[3].id should be text, found an object", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJobsAsync_BadNestedList_IsReadAsEmptyWithWarning()
    {
        var client = Answering("""
            {"items": [{"id": "j1", "name": "compile", "type": "build", "status": "success", "job_number": "x",
                        "dependencies": "none", "started_at": ""}], "next_page_token": null}
            """);

        var job = Assert.Single(await client.GetJobsAsync("w1"));

        Assert.Empty(job.Dependencies);
        Assert.Null(job.JobNumber);
        Assert.Null(job.StartedAt);
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("items[0].job_number should be a whole number, found \"x\"", warning, StringComparison.Ordinal);
        Assert.Contains("items[0].dependencies should be a list, found \"none\"", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerPipelineAsync_AnswerWithoutNumber_IsUnreadableNamingTheField()
    {
        var client = Answering("""{"id": "p1", "state": "setup-pending", "number": null, "created_at": ""}""", HttpStatusCode.Created);

        var e = await Assert.ThrowsAsync<CircleCiUnreadableAnswerException>(() => client.TriggerPipelineAsync("gh/acme/api", "main"));

        Assert.Equal("CircleCI POST /project/gh/acme/api/pipeline answered a body the client cannot read: number is null.", e.Message);
        Assert.Equal("number", e.Field);
        Assert.Equal("POST /project/gh/acme/api/pipeline", e.Endpoint);
    }

    [Fact]
    public async Task TriggerPipelineAsync_SuccessWithOnlyAMessage_IsUnreadableQuotingCircleCi()
    {
        var client = Answering("""{"message": "No pipeline was created: no workflow matched the filters."}""");

        var e = await Assert.ThrowsAsync<CircleCiUnreadableAnswerException>(() => client.TriggerPipelineAsync("gh/acme/api", "main"));

        Assert.Equal(
            "CircleCI POST /project/gh/acme/api/pipeline answered a body the client cannot read: id is missing. CircleCI said: No pipeline was created: no workflow matched the filters.",
            e.Message);
    }

    [Theory]
    [InlineData("""{"number": 7}""", "id is missing")]
    [InlineData("""{"id": "", "number": 7}""", "id is empty")]
    [InlineData("""{"id": 42, "number": 7}""", "id should be text, found 42")]
    [InlineData("""{"id": "p1", "number": "seven"}""", "number should be a whole number, found \"seven\"")]
    [InlineData("""{"id": "p1", "number": 7.5}""", "number should be a whole number, found 7.5")]
    public async Task GetPipelineAsync_RequiredFieldUnreadable_IsUnreadableInPlainWords(string json, string problem)
    {
        var e = await Assert.ThrowsAsync<CircleCiUnreadableAnswerException>(() => Answering(json).GetPipelineAsync("p1"));

        Assert.Equal($"CircleCI GET /pipeline/p1 answered a body the client cannot read: {problem}.", e.Message);
    }

    [Theory]
    [InlineData("""{"next_page_token": null}""", "answered a body the client cannot read: items is missing.")]
    [InlineData("""{"items": {"id": "w1"}}""", "answered a body the client cannot read: items should be a list, found an object.")]
    [InlineData("""[{"id": "w1"}]""", "answered JSON that is not an object: a list")]
    [InlineData("", "answered an empty body.")]
    [InlineData("Rate limited.", "answered a body that is not JSON: Rate limited.")]
    public async Task GetWorkflowsAsync_UnusablePage_IsUnreadableNamingTheEndpoint(string json, string expected)
    {
        var e = await Assert.ThrowsAsync<CircleCiUnreadableAnswerException>(() => Answering(json).GetWorkflowsAsync("p1"));

        Assert.Equal($"CircleCI GET /pipeline/p1/workflow {expected}", e.Message);
    }

    [Fact]
    public async Task GetPipelineAsync_DuplicateField_IsUnreadable()
    {
        var e = await Assert.ThrowsAsync<CircleCiUnreadableAnswerException>(() => Answering("""{"id": "p1", "id": "p2", "number": 7}""").GetPipelineAsync("p1"));

        Assert.Contains("repeats a field name", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{"message": "You must log in first."}""", "401 Unauthorized: You must log in first.")]
    [InlineData(HttpStatusCode.Forbidden, """{"message": "Permission denied"}""", "403 Forbidden: Permission denied")]
    [InlineData(HttpStatusCode.NotFound, """{"message": "Project not found"}""", "404 Not Found: Project not found")]
    [InlineData(HttpStatusCode.BadRequest, """{"message": "Branch is required."}""", "400 Bad Request: Branch is required.")]
    [InlineData(HttpStatusCode.UnprocessableEntity, """{"message": ""}""", "422 Unprocessable Entity.")]
    [InlineData((HttpStatusCode)499, """{"message": null}""", """499: {"message": null}""")]
    public async Task TriggerPipelineAsync_PermanentRefusal_CarriesStatusEndpointAndCircleCiMessage(HttpStatusCode status, string body, string expected)
    {
        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => Answering(body, status).TriggerPipelineAsync("gh/acme/api", "main"));

        Assert.Equal($"CircleCI POST /project/gh/acme/api/pipeline answered {expected}", e.Message);
        Assert.Equal(status, e.StatusCode);
        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
    }
}
