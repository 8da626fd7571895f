using System.Text.RegularExpressions;
using Release.Analytics.Html;
using Release.Analytics.Stats;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Stats;

public sealed partial class StatsPageTests
{
    private static readonly DateTimeOffset To = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);

    [Fact]
    public async Task Render_InHeadlessChromium_OnePlotPerJobWithADotPerRunAndTheMedianLine()
    {
        var report = SampleReport();
        var file = Path.Combine(Path.GetTempPath(), $"stats-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(file, StatsPage.Render(report));

        var dom = await StatsPageBrowser.DumpDomAsync(file);

        var plots = DurationPlots().Matches(dom).ToList();
        Assert.Equal(report.Series.Select(s => s.Job), plots.Select(p => p.Groups["job"].Value));
        foreach (var (plot, series) in plots.Zip(report.Series))
        {
            var svg = plot.Value;
            Assert.Equal(series.Runs.Count, Regex.Matches(svg, "<circle class=\"run ").Count);
            Assert.Equal(series.Runs.Count(r => !r.Passed), Regex.Matches(svg, "<circle class=\"run failed\"").Count);
            var line = Assert.Single(Polylines().Matches(svg));
            Assert.Equal(series.SliceP50.Count(p => p is not null), line.Groups["points"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Matches("<title id=\"d\\d+t\">[^<]+ duration over time", svg);
        }

        Assert.Equal(report.Projects.Count, Regex.Matches(Chart(dom, "success"), "<rect class=\"bar\"").Count);
        Assert.Equal(report.Projects.Count, Regex.Matches(Chart(dom, "cost"), "<rect class=\"bar\"").Count);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"https?:", dom);
        Assert.Contains("aria-labelledby=", dom, StringComparison.Ordinal);

        // STATS_SCREENSHOT_DIR=src/Analytics/docs refreshes the README's pictures (laptop and phone widths).
        if (Environment.GetEnvironmentVariable("STATS_SCREENSHOT_DIR") is { Length: > 0 } directory)
        {
            await StatsPageBrowser.ScreenshotAsync(file, Path.Combine(Path.GetFullPath(directory), "stats-page.png"), 1280, 1500);
            await StatsPageBrowser.ScreenshotAsync(file, Path.Combine(Path.GetFullPath(directory), "stats-page-phone.png"), 390, 1600);
        }
    }

    [Fact]
    public void Render_HostileNames_EscapedNotMarkup()
    {
        var job = new StoredJob("1", "w", "gh/acme/<b>x</b>", "<script>alert(1)</script>", "success", Duration: TimeSpan.FromSeconds(5), StartedAt: To.AddDays(-1));
        var report = new StatsReport(To - Window, To, ["gh/acme/<b>x</b>"], JobStatsCalculator.Compute([job], []), [], [], [], DurationSeriesCalculator.Compute([job], To - Window, Window));

        var html = StatsPage.Render(report);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    /// <summary>Three projects, seeded so the page looks like a real fortnight: slow drift, some failures, a flake.</summary>
    internal static StatsReport SampleReport()
    {
        var from = To - Window;
        var random = new Random(13);
        var runs = new List<StoredJobRun>();
        var workflows = new List<StoredWorkflow>();
        (string Project, string Job, int Seconds, string Class)[] jobs =
        [
            ("gh/acme/gateway", "build", 240, "medium"), ("gh/acme/gateway", "test", 610, "large"),
            ("gh/acme/billing", "build", 95, "small"), ("gh/acme/billing", "integration", 1500, "xlarge"),
            ("gh/acme/web", "lint", 40, "small"),
        ];
        for (var day = 0; day < 14; day++)
        {
            foreach (var project in jobs.Select(j => j.Project).Distinct())
            {
                for (var n = 0; n < 2; n++)
                {
                    var start = from.AddDays(day).AddHours(8 + (n * 5) + random.Next(3));
                    var id = $"{project}-{day}-{n}";
                    var failed = random.Next(8) == 0;
                    var revision = $"{random.NextInt64():x16}{random.Next():x8}";
                    var end = start;
                    foreach (var j in jobs.Where(j => j.Project == project))
                    {
                        var seconds = j.Seconds * (1 + (day * 0.02)) * (0.8 + (random.NextDouble() * 0.4));
                        var status = failed && j.Job != "build" ? "failed" : "success";
                        runs.Add(new(new StoredJob($"{id}-{j.Job}", id, project, j.Job, status, ResourceClass: j.Class, Parallelism: 1,
                            Duration: TimeSpan.FromSeconds(seconds), StartedAt: end, StoppedAt: end.AddSeconds(seconds)), "ci", $"p-{id}", revision));
                        end = end.AddSeconds(seconds);
                    }

                    workflows.Add(new StoredWorkflow(id, $"p-{id}", project, "ci", failed ? "failed" : "success", start, end));
                    if (failed)
                    {
                        // Rerun from failed: the failed jobs again, in the same pipeline, and they pass.
                        foreach (var j in jobs.Where(j => j.Project == project && j.Job != "build"))
                        {
                            var seconds = j.Seconds * (1 + (day * 0.02));
                            runs.Add(new(new StoredJob($"{id}-{j.Job}-rerun", $"{id}-rerun", project, j.Job, "success", ResourceClass: j.Class, Parallelism: 1,
                                Duration: TimeSpan.FromSeconds(seconds), StartedAt: end.AddMinutes(5), StoppedAt: end.AddMinutes(5).AddSeconds(seconds)), "ci", $"p-{id}", revision));
                        }
                    }
                }
            }
        }

        var jobsOnly = runs.Select(r => r.Job).ToList();
        return new StatsReport(
            from, To, jobs.Select(j => j.Project).Distinct().ToList(),
            JobStatsCalculator.Compute(jobsOnly, []), WorkflowStatsCalculator.Compute(workflows, []), FlakyJobFinder.Find(runs),
            CostCalculator.Compute(runs, ResourceRates.Default), DurationSeriesCalculator.Compute(jobsOnly, from, Window));
    }

    private static string Chart(string dom, string kind) => Regex.Match(dom, $"<svg class=\"plot bars {kind}\".*?</svg>", RegexOptions.Singleline).Value;

    [GeneratedRegex("<svg class=\"plot duration\"[^>]*data-job=\"(?<job>[^\"]+)\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex DurationPlots();

    [GeneratedRegex("<polyline class=\"p50\" points=\"(?<points>[^\"]*)\"")]
    private static partial Regex Polylines();
}
