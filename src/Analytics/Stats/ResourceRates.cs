using System.Collections.ObjectModel;

namespace Release.Analytics.Stats;

/// <summary>
/// Credits per minute of each CircleCI resource class, from CircleCI's published pricing
/// (circleci.com/pricing, "Resource classes"), for estimating a job's cost where insights give no
/// credits. Prices change and plans differ: <c>--rates FILE</c> overrides any of them.
/// </summary>
public sealed class ResourceRates
{
    /// <summary>The published rates; the same name serves Docker and Linux machine executors, which cost the same.</summary>
    public static readonly IReadOnlyDictionary<string, double> Published = new ReadOnlyDictionary<string, double>(
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
        {
            ["small"] = 5,
            ["medium"] = 10,
            ["medium+"] = 15,
            ["large"] = 20,
            ["xlarge"] = 40,
            ["2xlarge"] = 80,
            ["2xlarge+"] = 100,
            ["arm.medium"] = 10,
            ["arm.large"] = 20,
            ["arm.xlarge"] = 40,
            ["arm.2xlarge"] = 80,
            ["macos.m1.medium.gen1"] = 150,
            ["macos.m1.large.gen1"] = 250,
            ["windows.medium"] = 40,
            ["windows.large"] = 120,
            ["windows.xlarge"] = 210,
            ["windows.2xlarge"] = 500,
        });

    private readonly Dictionary<string, double> rates;

    private ResourceRates(Dictionary<string, double> rates) => this.rates = rates;

    public static ResourceRates Default { get; } = new(new Dictionary<string, double>(Published, StringComparer.OrdinalIgnoreCase));

    /// <summary>The published rates with <paramref name="overrides"/> on top (a class not published is added).</summary>
    public static ResourceRates With(IReadOnlyDictionary<string, double> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var merged = new Dictionary<string, double>(Published, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, rate) in overrides)
        {
            merged[name] = rate;
        }

        return new ResourceRates(merged);
    }

    public IReadOnlyDictionary<string, double> All => rates;

    /// <summary>
    /// The credits per minute of <paramref name="resourceClass"/>; null for one neither published nor
    /// given. A job without a resource class (details not read yet) is priced as CircleCI's default, medium.
    /// </summary>
    public double? PerMinute(string? resourceClass) =>
        rates.TryGetValue(string.IsNullOrEmpty(resourceClass) ? "medium" : resourceClass, out var rate) ? rate : null;
}
