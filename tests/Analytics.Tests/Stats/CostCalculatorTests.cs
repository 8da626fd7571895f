using Release.Analytics.Stats;
using Release.Analytics.Store;

namespace Release.Analytics.Tests.Stats;

public sealed class CostCalculatorTests
{
    [Fact]
    public void Compute_Jobs_MinutesTimesRateTimesParallelismPerWorkflow()
    {
        StoredJobRun[] runs =
        [
            Run("1", "build", "medium", 1, 6),
            Run("2", "build", "large", 4, 2.5),
            Run("3", "build", null, null, 1),
            Run("4", "deploy", "small", 1, 3),
        ];
        // Independently, from CircleCI's published rates: medium 10, large 20, small 5 credits a minute;
        // a job without details is priced as medium.
        var build = (6 * 10) + (2.5 * 4 * 20) + (1 * 10);
        var deploy = 3 * 5;

        var costs = CostCalculator.Compute(runs, ResourceRates.Default);

        Assert.Equal(
            [("build", 3, 6 + 10 + 1.0, build, CostSource.Estimated), ("deploy", 1, 3.0, (double)deploy, CostSource.Estimated)],
            costs.Select(c => (c.Workflow, c.Jobs, c.Minutes, c.Credits, c.Source)));
    }

    [Fact]
    public void Compute_Insights_MeasuredCreditsWinOthersEstimatedAndInsightsOnlyWorkflowsKept()
    {
        StoredJobRun[] runs = [Run("1", "build", "medium", 1, 6), Run("2", "deploy", "medium", 1, 1)];
        var insights = new Dictionary<WorkflowKey, double> { [new("gh/acme/a", "build")] = 55, [new("gh/acme/a", "nightly")] = 7 };

        var costs = CostCalculator.Compute(runs, ResourceRates.Default, insights);

        Assert.Equal(
            [("build", 55, 60, CostSource.Insights), ("deploy", 10.0, 10.0, CostSource.Estimated), ("nightly", 7, 0, CostSource.Insights)],
            costs.Select(c => (c.Workflow, c.Credits, c.EstimatedCredits, c.Source)));
    }

    [Fact]
    public void Compute_UnknownClassAndOverride_OverrideUsedUnknownNamed()
    {
        StoredJobRun[] runs = [Run("1", "build", "gpu.nvidia.huge", 1, 2), Run("2", "build", "large", 1, 2)];
        var rates = RatesFile.Parse("large: 30\n", "rates.yaml");

        var cost = Assert.Single(CostCalculator.Compute(runs, ResourceRates.With(rates)));

        Assert.Equal(60, cost.Credits);
        Assert.Equal(["gpu.nvidia.huge"], cost.UnpricedClasses);
    }

    private static StoredJobRun Run(string id, string workflow, string? resourceClass, int? parallelism, double minutes) => new(
        new StoredJob(id, $"w-{workflow}", "gh/acme/a", $"job{id}", "success", ResourceClass: resourceClass, Parallelism: parallelism, Duration: TimeSpan.FromMinutes(minutes)),
        workflow, "pl1", "aaa");
}
