using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Release.Activities.Release;
using Release.Logging;
using Worker.Tests.Support;

namespace Worker.Tests;

/// <summary>The ECS JSON lines Filebeat ships: field names, and the stage report as one nested document.</summary>
public sealed class EcsLogTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("worker-ecs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task LogStageReport_IsOneEcsEventWithTheWholeReportNested()
    {
        var console = new SyncStringWriter();
        using (var log = ReleaseLogging.CreateLogger(new LogSettings { Console = ConsoleFormat.Json, ConsoleWriter = console, ServiceName = "release-worker" }))
        using (var factory = log.CreateLoggerFactory())
        {
            await new ReportActivities(factory.CreateLogger<ReportActivities>()).LogStageReportAsync(Reports.FailedStage());
        }

        var line = Assert.Single(console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        Assert.True(DateTimeOffset.TryParseExact(root.GetProperty("@timestamp").GetString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _));
        Assert.Equal("info", root.GetProperty("log.level").GetString());
        Assert.Equal("Release APIM 3.1.0 stage 2 failed: component b2 failed: workflow \"build\" failed: a job failed", root.GetProperty("message").GetString());
        Assert.Equal("release-worker", root.GetProperty("service.name").GetString());
        Assert.Equal("8.11.0", root.GetProperty("ecs.version").GetString());
        Assert.Equal("release.stage_report", root.GetProperty("event.dataset").GetString());
        Assert.Equal("stage-report", root.GetProperty("event.action").GetString());
        Assert.Equal("failure", root.GetProperty("event.outcome").GetString());
        Assert.Equal("Release.Activities.Release.ReportActivities", root.GetProperty("log.logger").GetString());

        var report = root.GetProperty("stage_report");
        Assert.Equal(JsonValueKind.Object, report.ValueKind);
        Assert.Equal(1, report.GetProperty("schema_version").GetInt32());
        Assert.Equal("release-apim-3.1.0", report.GetProperty("release").GetProperty("workflow_id").GetString());
        var job = report.GetProperty("components")[0].GetProperty("pipeline").GetProperty("workflows")[0].GetProperty("jobs")[0];
        Assert.Equal(8000, job.GetProperty("duration_ms").GetInt64());
        Assert.Equal("https://app.circleci.com/pipelines/gh/acme/b2/42", report.GetProperty("pipelines")[0].GetProperty("http_link").GetString());
        Assert.Equal("APIM", root.GetProperty("properties").GetProperty("ReleaseName").GetString());
        Assert.False(root.GetProperty("properties").TryGetProperty("StageReport", out _));
    }

    [Fact]
    public void Exception_GoesToErrorFields_InTheJsonFile()
    {
        var path = Path.Combine(folder, "worker.json");
        using (var log = ReleaseLogging.CreateLogger(new LogSettings { Console = ConsoleFormat.None, JsonFile = path }))
        {
            log.Logger.ForContext("SourceContext", "Tests").Error(new InvalidOperationException("pipeline vanished"), "Snapshot failed for {Pipeline}", 42);
        }

        var file = Assert.Single(Directory.GetFiles(folder, "worker*.json"));
        using var json = JsonDocument.Parse(File.ReadAllLines(file).Single());
        var root = json.RootElement;
        Assert.Equal("error", root.GetProperty("log.level").GetString());
        Assert.Equal("Snapshot failed for 42", root.GetProperty("message").GetString());
        Assert.Equal("System.InvalidOperationException", root.GetProperty("error.type").GetString());
        Assert.Equal("pipeline vanished", root.GetProperty("error.message").GetString());
        Assert.Contains("InvalidOperationException: pipeline vanished", root.GetProperty("error.stack_trace").GetString(), StringComparison.Ordinal);
        Assert.Equal("release.log", root.GetProperty("event.dataset").GetString());
        Assert.Equal(42, root.GetProperty("properties").GetProperty("Pipeline").GetInt32());
    }

    [Fact]
    public async Task TextConsole_ShowsTheShortMessageNotTheReport()
    {
        var console = new SyncStringWriter();
        using (var log = ReleaseLogging.CreateLogger(new LogSettings { Console = ConsoleFormat.Text, ConsoleWriter = console, ConsoleColors = false }))
        using (var factory = log.CreateLoggerFactory())
        {
            await new ReportActivities(factory.CreateLogger<ReportActivities>()).LogStageReportAsync(Reports.FailedStage());
        }

        var line = Assert.Single(console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("INF [ReportActivities] Release APIM 3.1.0 stage 2 failed: component b2 failed: workflow \"build\" failed: a job failed", line, StringComparison.Ordinal);
    }
}
