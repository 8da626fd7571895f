using System.Net;
using System.Text;
using System.Text.Json;
using Release.Activities.CircleCi;

namespace Release.CircleCi.Tests;

/// <summary>
/// GetFailedStepAsync through the real HTTP client: the v1.1 job answer, the output download
/// from its signed link (another host, no token), the tail, the masking, the bound.
/// </summary>
public sealed class FailedStepTests
{
    private const string Token = "stub-token-step-4f8a2e91";
    private const string JobUrl = "https://circleci.example/api/v1.1/project/github/acme/api/12";
    private const string OutputUrl = "https://output.example/steps/12/3?X-Amz-Signature=abc123";

    private static CircleCiClient ClientFor(StubHandler handler) =>
        new(new HttpClient(handler), new CircleCiClientOptions { BaseUrl = new Uri("https://circleci.example/api/v2/"), Token = Token });

    private static string JobWithSteps(string failingAction) => $$"""
        {
          "build_num": 12, "status": "failed", "vcs_url": "https://github.com/acme/api",
          "steps": [
            {"name": "Spin up environment", "actions": [{"name": "Spin up environment", "status": "success", "exit_code": null, "failed": null, "index": 0, "output_url": "https://output.example/steps/12/0"}]},
            {"name": "Checkout code", "actions": [{"name": "Checkout code", "status": "success", "exit_code": 0, "failed": false, "index": 0, "output_url": "https://output.example/steps/12/1"}]},
            {"name": "Run tests", "actions": [{{failingAction}}]},
            {"name": "Upload results", "actions": [{"name": "Upload results", "status": "failed", "exit_code": 1, "failed": true, "index": 0, "output_url": "https://output.example/steps/12/4"}]}
          ]
        }
        """;

    private static readonly string FailingRunTests =
        $$"""{"name": "Run tests", "status": "failed", "exit_code": 2, "failed": true, "index": 0, "output_url": "{{OutputUrl}}", "run_time_millis": 5123}""";

    // CircleCI's output: chunks of text that do not respect line ends.
    private static string OutputOf(string text, int chunkSize = 37)
    {
        var chunks = Enumerable.Range(0, (text.Length + chunkSize - 1) / chunkSize)
            .Select(i => new { message = text.Substring(i * chunkSize, Math.Min(chunkSize, text.Length - (i * chunkSize))), time = "2026-12-02T04:00:00Z", type = "out" });
        return JsonSerializer.Serialize(chunks);
    }

    private static StubHandler Serving(string job, Func<HttpResponseMessage> output) => new(request =>
        request.RequestUri!.AbsoluteUri switch
        {
            JobUrl => StubHandler.Json(HttpStatusCode.OK, job),
            OutputUrl => output(),
            var other => StubHandler.Json(HttpStatusCode.NotFound, $$"""{"message":"no stub for {{other}}"}"""),
        });

    [Fact]
    public async Task GetFailedStepAsync_300Lines_ReturnsTheFirstFailedStepAndItsLast50Lines()
    {
        var text = string.Concat(Enumerable.Range(1, 300).Select(i => $"line {i} of the test run\r\n"));
        var handler = Serving(JobWithSteps(FailingRunTests), () => StubHandler.Json(HttpStatusCode.OK, OutputOf(text)));

        var step = await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12, maxLines: 50);

        Assert.NotNull(step);
        Assert.Equal("Run tests", step.StepName);
        Assert.Equal(2, step.ExitCode);
        Assert.Equal("failed", step.Status);
        Assert.Equal(0, step.ParallelIndex);
        Assert.Equal(Enumerable.Range(251, 50).Select(i => $"line {i} of the test run"), step.OutputTail);
        Assert.False(step.OutputCut);
        Assert.Null(step.OutputUnavailable);
        Assert.Equal([JobUrl, OutputUrl], handler.Requests.Select(r => r.Request.RequestUri!.AbsoluteUri));
    }

    [Fact]
    public async Task GetFailedStepAsync_SendsTheTokenToCircleCiOnlyNeverToTheOutputLink()
    {
        var handler = Serving(JobWithSteps(FailingRunTests), () => StubHandler.Json(HttpStatusCode.OK, OutputOf("boom\n")));

        await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12);

        var job = handler.Requests.Single(r => r.Request.RequestUri!.AbsoluteUri == JobUrl).Request;
        Assert.Equal(Token, Assert.Single(job.Headers.GetValues("Circle-Token")));
        var output = handler.Requests.Single(r => r.Request.RequestUri!.AbsoluteUri == OutputUrl).Request;
        Assert.False(output.Headers.Contains("Circle-Token"));
        Assert.Null(output.Headers.Authorization);
        Assert.DoesNotContain(Token, output.Headers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFailedStepAsync_SecretsInTheOutput_AreMasked()
    {
        var text = string.Join('\n',
            "$ export CIRCLECI_TOKEN=cci-abcdef-0123456789",
            $"curl -H 'Circle-Token: {Token}' https://circleci.com/api/v2/me",
            "export NPM_API_KEY=\"npm secret with spaces\"",
            "connecting with password=hunter2-long",
            "Authorization: Bearer eyJhbGciOi.JIUzI1NiJ9.sig",
            "header was bearer zz-opaque-bearer-9",
            $"token echoed at the end: {Token}",
            "Error: tests failed") + "\n";
        var handler = Serving(JobWithSteps(FailingRunTests), () => StubHandler.Json(HttpStatusCode.OK, OutputOf(text, chunkSize: 5)));

        var step = await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12);

        var all = string.Join('\n', step!.OutputTail);
        foreach (var secret in new[] { Token, "cci-abcdef-0123456789", "npm secret with spaces", "secret with", "hunter2-long", "eyJhbGciOi", "zz-opaque-bearer-9" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }

        Assert.Equal("$ export CIRCLECI_TOKEN=***", step.OutputTail[0]);
        Assert.Equal("connecting with password=***", step.OutputTail[3]);
        Assert.Equal("header was bearer ***", step.OutputTail[5]);
        Assert.Equal("Error: tests failed", step.OutputTail[^1]);
    }

    [Fact]
    public async Task GetFailedStepAsync_EndlessOutput_StopsReadingAtTheBoundAndKeepsTheTail()
    {
        var endless = new EndlessOutputStream();
        var handler = Serving(JobWithSteps(FailingRunTests), () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(endless) });

        var step = await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12, maxLines: 50);

        Assert.True(step!.OutputCut);
        Assert.InRange(endless.BytesRead, CircleCiClient.MaxStepOutputBytes, CircleCiClient.MaxStepOutputBytes + (128 * 1024));
        Assert.Equal(50, step.OutputTail.Count);
        Assert.All(step.OutputTail, line => Assert.Matches("^output line [0-9]+ .{400}$", line));
        // Consecutive: the tail is whole lines from the end of what was read, none lost in between.
        var numbers = step.OutputTail.Select(l => long.Parse(l.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => numbers[0] + i), numbers);
    }

    [Fact]
    public async Task GetFailedStepAsync_LongLine_IsCutForTheReport()
    {
        var handler = Serving(JobWithSteps(FailingRunTests), () => StubHandler.Json(HttpStatusCode.OK, OutputOf(new string('x', 20_000) + "\n")));

        var step = await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12);

        var line = Assert.Single(step!.OutputTail);
        Assert.True(line.Length <= 500, $"{line.Length} characters");
        Assert.EndsWith("…", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFailedStepAsync_NoFailedStep_ReturnsNullAndDownloadsNothing()
    {
        var handler = Serving(
            JobWithSteps("""{"name": "Run tests", "status": "success", "exit_code": 0, "failed": false, "index": 0, "output_url": "https://output.example/steps/12/3"}""")
                .Replace("\"status\": \"failed\", \"exit_code\": 1, \"failed\": true", "\"status\": \"success\", \"exit_code\": 0, \"failed\": false", StringComparison.Ordinal),
            () => throw new InvalidOperationException("the output must not be fetched"));

        var step = await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12);

        Assert.Null(step);
        Assert.Equal(JobUrl, Assert.Single(handler.Requests).Request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task GetFailedStepAsync_JobWithoutSteps_ReturnsNull()
    {
        var handler = Serving("""{"build_num": 12, "steps": null}""", () => throw new InvalidOperationException("no output to fetch"));

        Assert.Null(await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12));
    }

    [Fact]
    public async Task GetFailedStepAsync_NonZeroExitWithFailedNull_AndNoOutputLink_IsReportedWithoutOutput()
    {
        // Parallel run 1 failed; failed is null and the link empty, as CircleCI writes them at times.
        var actions = """
            {"name": "Run tests", "status": "success", "exit_code": 0, "failed": null, "index": 0, "output_url": ""},
            {"name": "Run tests", "status": "failed", "exit_code": 137, "failed": null, "index": 1, "output_url": ""}
            """;
        var handler = Serving(JobWithSteps(actions), () => throw new InvalidOperationException("no output to fetch"));

        var step = await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12);

        Assert.NotNull(step);
        Assert.Equal("Run tests", step.StepName);
        Assert.Equal(137, step.ExitCode);
        Assert.Equal(1, step.ParallelIndex);
        Assert.Empty(step.OutputTail);
        Assert.Equal("CircleCI listed no output for this step", step.OutputUnavailable);
    }

    [Fact]
    public async Task GetFailedStepAsync_OutputLinkRefused_KeepsTheStepAndSaysWhy()
    {
        var handler = Serving(JobWithSteps(FailingRunTests), () => StubHandler.Text(HttpStatusCode.Forbidden, "<Error>Request has expired</Error>"));

        var step = await ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12);

        Assert.Equal("Run tests", step!.StepName);
        Assert.Empty(step.OutputTail);
        Assert.Equal("CircleCI step output of job 12 answered 403 Forbidden", step.OutputUnavailable);
        Assert.DoesNotContain("Signature", step.OutputUnavailable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFailedStepAsync_OutputStorageUnavailable_IsRetryable()
    {
        var handler = Serving(JobWithSteps(FailingRunTests), () => StubHandler.Text(HttpStatusCode.ServiceUnavailable, "slow down"));

        var e = await Assert.ThrowsAsync<CircleCiRetryableException>(() => ClientFor(handler).GetFailedStepAsync("gh/acme/api", 12));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.DoesNotContain("Signature", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFailedStepAsync_JobNotFound_IsNotRetryableAndNamesTheCall()
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.NotFound, """{"message":"Build not found"}"""));

        var e = await Assert.ThrowsAsync<CircleCiRequestException>(() => ClientFor(handler).GetFailedStepAsync("bb/acme/api", 12));

        Assert.Equal("CircleCI GET /project/bitbucket/acme/api/12 answered 404 Not Found: Build not found", e.Message);
        Assert.Equal("https://circleci.example/api/v1.1/project/bitbucket/acme/api/12", Assert.Single(handler.Requests).Request.RequestUri!.AbsoluteUri);
    }

    [Theory]
    [InlineData("github/acme/api", "https://circleci.example/api/v1.1/project/github/acme/api/12")]
    [InlineData("bitbucket/acme/api", "https://circleci.example/api/v1.1/project/bitbucket/acme/api/12")]
    public async Task GetFailedStepAsync_LongVcsNames_AreKept(string slug, string expected)
    {
        var handler = new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, """{"steps": []}"""));

        await ClientFor(handler).GetFailedStepAsync(slug, 12);

        Assert.Equal(expected, Assert.Single(handler.Requests).Request.RequestUri!.AbsoluteUri);
    }

    [Fact]
    public async Task GetFailedStepAsync_ProjectOutsideGitHubAndBitbucket_IsRefusedWithoutACall()
    {
        var handler = new StubHandler(_ => throw new InvalidOperationException("no call expected"));

        var e = await Assert.ThrowsAsync<ArgumentException>(() => ClientFor(handler).GetFailedStepAsync("circleci/org-id/project-id", 12));

        Assert.Contains("GitHub or Bitbucket", e.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    /// <summary>An output that never ends: "[" then chunk after chunk, each one 400-character line.</summary>
    private sealed class EndlessOutputStream : Stream
    {
        private readonly string filler = new('y', 400);
        private byte[] pending = Encoding.UTF8.GetBytes("[");
        private int offset;
        private long line;

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (this.offset == pending.Length)
            {
                line++;
                pending = Encoding.UTF8.GetBytes($$"""{"message":"output line {{line}} {{filler}}\r\n","time":"2026-12-02T04:00:00Z","type":"out"},""");
                this.offset = 0;
            }

            var n = Math.Min(count, pending.Length - this.offset);
            Array.Copy(pending, this.offset, buffer, offset, n);
            this.offset += n;
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
