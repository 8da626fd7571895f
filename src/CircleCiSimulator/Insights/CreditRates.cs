namespace Release.CircleCiSimulator;

/// <summary>
/// Credits per minute of each resource class, CircleCI's published Docker/Linux rates (a machine or
/// macOS class of the same name costs the same here: the simulator does not model executors'
/// prices). An unknown class costs as much as medium. README.md lists the table.
/// </summary>
internal static class CreditRates
{
    public const double DefaultPerMinute = 10;

    private static readonly IReadOnlyDictionary<string, double> PerMinute = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["small"] = 5,
        ["medium"] = 10,
        ["medium+"] = 15,
        ["large"] = 20,
        ["xlarge"] = 40,
        ["2xlarge"] = 80,
        ["2xlarge+"] = 100,
    };

    public static double Of(string resourceClass) => PerMinute.GetValueOrDefault(resourceClass, DefaultPerMinute);

    /// <summary>What a job that ran <paramref name="runTime"/> on <paramref name="parallelism"/> containers costs.</summary>
    public static double Credits(string resourceClass, int parallelism, TimeSpan runTime) =>
        runTime.TotalMinutes * Of(resourceClass) * Math.Max(1, parallelism);
}
