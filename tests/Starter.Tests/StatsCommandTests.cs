using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Release.Analytics.Store;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>
/// <c>release stats</c> through the command line on a store the test fills (no Temporal needed):
/// the figures it prints equal those worked out here from the same runs.
/// </summary>
public sealed class StatsCommandTests : IDisposable
{
    private const string Project = "gh/acme/stats";
    private static readonly int[] DaysAgo = [1, 2, 3, 4, 5, 6];
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"release-stats-cli-{Guid.NewGuid():N}");
    private readonly DateTimeOffset now = DateTimeOffset.UtcNow;

    private string StorePath => Path.Combine(directory, "analytics.db");

    // Each day's pipeline runs workflow ci: build (medium) then test (large, parallelism 2). Build
    // gets slower the older it is; on day 3 test fails and a rerun of the workflow passes.
    private static TimeSpan Build(int day) => TimeSpan.FromSeconds(60 + (10 * day));

    private static TimeSpan Test(int day) => TimeSpan.FromSeconds(300 + (30 * day));

    [Fact]
    public async Task Stats_FilledStore_FiguresBarsSparklinesFlakyAndCost()
    {
        await FillAsync();
        // Independently: nearest rank medians; the rerun's test is a seventh test run, as long as day 3's.
        var builds = DaysAgo.Select(Build).Order().ToList();
        var tests = DaysAgo.Select(Test).Append(Test(3)).Order().ToList();
        var buildP50 = builds[(int)Math.Ceiling(builds.Count * 0.5) - 1];
        var testP50 = tests[(int)Math.Ceiling(tests.Count * 0.5) - 1];
        var eighths = (int)Math.Round(buildP50 / testP50 * 12 * 8);
        var buildBar = new string('█', eighths / 8) + " ▏▎▍▌▋▊▉"[eighths % 8].ToString().Trim();
        // Oldest day first: 6 days ago is slice 24 of 30, yesterday slice 29.
        var low = Build(1).TotalSeconds;
        var high = Build(6).TotalSeconds;
        var sparkline = new string(' ', 24) + string.Concat(DaysAgo.Reverse().Select(d => "▁▂▃▄▅▆▇█"[(int)Math.Round((Build(d).TotalSeconds - low) / (high - low) * 7)]));
        var credits = DaysAgo.Sum(d => (Build(d).TotalMinutes * 10) + (Test(d).TotalMinutes * 2 * 20)) + (Test(3).TotalMinutes * 2 * 20);

        var result = await RunAsync("stats", "--store", StorePath);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var buildRow = Row(result.Out, "build");
        Assert.Matches($@"^│ {Regex.Escape(Project)}\s+│ build\s+│\s+6 │\s+100% │\s+{Format(buildP50)} │ {buildBar}\s+│", buildRow);
        Assert.Contains($"│ {sparkline} │", buildRow, StringComparison.Ordinal);
        Assert.Contains("slower: p50 50s → 1m30s", buildRow, StringComparison.Ordinal);
        Assert.Matches($@"│ test\s+│\s+7 │\s+86% │\s+{Format(testP50)} │ ████████████ │", Row(result.Out, "test"));
        Assert.Matches($@"│ {Regex.Escape(Project)}\s+│ ci\s+│ test\s+│\s+1 │", result.Out);
        Assert.Matches($@"│ ci\s+│\s+13 │\s+[\d.]+ │\s+{credits.ToString("#,0", CultureInfo.InvariantCulture)} │ estimated", result.Out);
        Assert.DoesNotContain("h00m", result.Out, StringComparison.Ordinal);

        var json = await RunAsync("stats", "--store", StorePath, "--json");

        Assert.True(json.ExitCode == ExitCodes.Success, json.ToString());
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        var jobs = root.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("job").GetString()!);
        Assert.Equal(buildP50.TotalSeconds, jobs["build"].GetProperty("p50_seconds").GetDouble(), 3);
        Assert.Equal(50, jobs["build"].GetProperty("previous_p50_seconds").GetDouble(), 3);
        Assert.True(jobs["build"].GetProperty("regression").GetBoolean());
        Assert.Equal(6.0 / 7, jobs["test"].GetProperty("success_rate").GetDouble(), 3);
        var workflow = Assert.Single(root.GetProperty("workflows").EnumerateArray());
        Assert.Equal(7, workflow.GetProperty("runs").GetInt32());
        Assert.Equal(6.0 / 7, workflow.GetProperty("success_rate").GetDouble(), 6);
        var flaky = Assert.Single(root.GetProperty("flaky").EnumerateArray());
        Assert.Equal(("test", 1, "rev3"), (flaky.GetProperty("job").GetString(), flaky.GetProperty("occurrences").GetInt32(), flaky.GetProperty("last_revision").GetString()));
        var cost = Assert.Single(root.GetProperty("costs").EnumerateArray());
        Assert.Equal(credits, cost.GetProperty("credits").GetDouble(), 3);
        Assert.Equal("estimated", cost.GetProperty("source").GetString());
        var series = root.GetProperty("series").EnumerateArray().First(s => s.GetProperty("job").GetString() == "build");
        Assert.Equal(30, series.GetProperty("slice_p50_seconds").GetArrayLength());
        Assert.Equal(6, series.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task Stats_Html_WritesASelfContainedPageWithAPlotPerJob()
    {
        await FillAsync();
        var page = Path.Combine(directory, "stats.html");

        var result = await RunAsync("stats", "--store", StorePath, "--html", page);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"Wrote {page}", result.Out, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(page);
        Assert.Equal(2, Regex.Matches(html, "<svg class=\"plot duration\"").Count);
        Assert.Equal(7 + 6, Regex.Matches(html, "<circle class=\"run ").Count);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_EmptyStore_SaysSoWithTheWindowInDays()
    {
        Directory.CreateDirectory(directory);
        await AnalyticsStore.OpenAsync(StorePath);

        var result = await RunAsync("stats", "--store", StorePath);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("No job ended in the last 30d in 0 projects", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "nonsense", "--since 'nonsense' is not a duration")]
    [InlineData("--since", "-2d", "is not a window back from now")]
    [InlineData("--rates", "bad", "needs credits per minute as a number")]
    [InlineData("--rates", "/nonexistent/rates.yaml", "cannot read the rates file /nonexistent/rates.yaml")]
    public async Task Stats_BadInput_OneLineExit2(string option, string value, string expected)
    {
        await FillAsync();
        if (value == "bad")
        {
            value = Path.Combine(directory, "rates.yaml");
            await File.WriteAllTextAsync(value, "large: twenty\n");
        }

        var result = await RunAsync("stats", "--store", StorePath, option, value);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, expected);
    }

    [Fact]
    public async Task Stats_MissingStore_OneLineSayingHowToFillOneAndCreatesNothing()
    {
        var missing = Path.Combine(directory, "nowhere", "analytics.db");

        var result = await RunAsync("stats", "--store", missing);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"no analytics store at {missing}: run `release collect run` first");
        Assert.False(File.Exists(missing));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private Task<CliResult> RunAsync(params string[] args) => Cli.RunAsync(Cli.Nowhere, args);

    private async Task FillAsync()
    {
        Directory.CreateDirectory(directory);
        var store = await AnalyticsStore.OpenAsync(StorePath);
        await store.AddProjectsAsync([Project]);
        foreach (var day in DaysAgo)
        {
            var start = now - TimeSpan.FromDays(day) + TimeSpan.FromHours(1);
            await store.UpsertPipelineAsync(new StoredPipeline($"p{day}", Project, day, "created", start, Revision: $"rev{day}"));
            await RunWorkflowAsync(store, $"w{day}", $"p{day}", start, Build(day), Test(day), day == 3 ? "failed" : "success");
            if (day == 3)
            {
                await RunWorkflowAsync(store, "w3-rerun", "p3", start + TimeSpan.FromMinutes(20), Build(day), Test(day), "success");
            }
        }

        // The window before: one build of 50s, so this window's median is a regression.
        var before = now - TimeSpan.FromDays(45);
        await store.UpsertPipelineAsync(new StoredPipeline("p-old", Project, 100, "created", before, Revision: "old"));
        await store.UpsertWorkflowAsync(new StoredWorkflow("w-old", "p-old", Project, "ci", "success", before, before + TimeSpan.FromSeconds(50)));
        await store.UpsertJobAsync(Job("w-old-build", "w-old", "build", "success", "medium", 1, before, TimeSpan.FromSeconds(50)));
    }

    private static async Task RunWorkflowAsync(AnalyticsStore store, string id, string pipeline, DateTimeOffset start, TimeSpan build, TimeSpan test, string testStatus)
    {
        // A rerun from failed runs only the failed job again.
        var rerun = id.EndsWith("-rerun", StringComparison.Ordinal);
        var end = start + (rerun ? test : build + test);
        await store.UpsertWorkflowAsync(new StoredWorkflow(id, pipeline, Project, "ci", testStatus == "success" ? "success" : "failed", start, end));
        if (!rerun)
        {
            await store.UpsertJobAsync(Job($"{id}-build", id, "build", "success", "medium", 1, start, build));
        }

        await store.UpsertJobAsync(Job($"{id}-test", id, "test", testStatus, "large", 2, rerun ? start : start + build, test));
    }

    private static StoredJob Job(string id, string workflow, string name, string status, string resourceClass, int parallelism, DateTimeOffset start, TimeSpan duration) =>
        new(id, workflow, Project, name, status, 1, "build", resourceClass, "docker", parallelism, duration, start, start, start, start + duration);

    private static string Row(string output, string job) =>
        output.Split('\n').Single(l => l.Contains($"│ {job} ", StringComparison.Ordinal) && l.Contains('%', StringComparison.Ordinal) && !l.Contains("│ ci ", StringComparison.Ordinal));

    private static string Format(TimeSpan d) => d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m{d.Seconds:00}s" : $"{d.Seconds}s";
}
