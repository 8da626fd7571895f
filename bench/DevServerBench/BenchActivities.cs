using Temporalio.Activities;

namespace Release.DevServerBench;

/// <summary>A trivial activity, so the benchmark measures the server round trips and not the work.</summary>
public static class BenchActivities
{
    [Activity]
    public static int Echo(int input) => input;
}
