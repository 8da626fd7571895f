using System.Globalization;

namespace Release.ReleaseBench;

/// <summary>The bench's command line; every figure it prints names the option that shaped it.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: dotnet run --project bench/ReleaseBench -c Release -- [options]
          --time-scale X        wall seconds per simulated second, also applied to the watch intervals (default 0.1)
          --runs N              releases of the large shape, failure runs, and graph/stages pairs (default 3)
          --check-scale X       one more release (events: one on/off pair) at this time scale, to show what scaling does to overhead (default 1; 0 skips)
          --seed N              seed of the pipeline durations (default 42)
          --min-seconds X       shortest simulated pipeline (default 2)
          --max-seconds X       longest simulated pipeline (default 20)
          --manifest FILE       the release shape (default release-data/samples/large/release.json)
          --scale-components N  components of the one-stage scale run (default 1000; 0 skips it)
          --limits-components N release of N components in two stages against the real limits (default 5000; 0 skips it)
          --server-workflows N  workflows per dev server throughput run (default 2000; 0 skips it)
          --chaos-components N  components of the chaos release (default 50)
          --chaos-kills N       SIGKILLs during it: workers, and the dev server once halfway (default 20)
          --chaos-time-scale X  time scale of the chaos release; activity timeouts stay real (default 1)
          --graph-manifest FILE the release shape with dependsOn (default release-data/samples/large-depends-on/release.json)
          --graph-check-scale X one more graph-schedule release at this time scale (default 1; 0 skips)
          --max-parallel N      the cap of the capped graph-schedule release (default 4; 0 skips it)
          --write-graph-sample FILE  write the large sample with dependsOn declared to FILE, and exit
          --collect-projects N  projects of the collection throughput run (default 20)
          --collect-pipelines N past pipelines per project it collects (default 200)
          --collect-timeout-minutes X  how long one collection may take (default 20)
          --broker URL          the RabbitMQ broker of the events section (default $RELEASE_TEST_RABBITMQ; unset or skip: NDJSON only)
          --events N            events the events section publishes per throughput run (default 5000)
          --sections LIST       which parts to run, comma-separated: overhead,failure,scale,server,chaos,graph,limits,predictions,collect,events (default all)
          --json FILE           where the results go (default bench-results.json)
        """;

    public double TimeScale { get; init; } = 0.1;

    public int Runs { get; init; } = 3;

    public double CheckScale { get; init; } = 1;

    public int Seed { get; init; } = 42;

    public double MinSeconds { get; init; } = 2;

    public double MaxSeconds { get; init; } = 20;

    public string Manifest { get; init; } = Path.Combine(SolutionPaths.Root, "release-data", "samples", "large", "release.json");

    public int ScaleComponents { get; init; } = 1000;

    public int ServerWorkflows { get; init; } = 2000;

    public int LimitsComponents { get; init; } = 5000;

    public string JsonFile { get; init; } = "bench-results.json";

    public int ChaosComponents { get; init; } = 50;

    public int ChaosKills { get; init; } = 20;

    public double ChaosTimeScale { get; init; } = 1;

    public string GraphManifest { get; init; } = Path.Combine(SolutionPaths.Root, "release-data", "samples", "large-depends-on", "release.json");

    public double GraphCheckScale { get; init; } = 1;

    public int MaxParallel { get; init; } = 4;

    public string? WriteGraphSample { get; init; }

    public int CollectProjects { get; init; } = 20;

    public int CollectPipelines { get; init; } = 200;

    public double CollectTimeoutMinutes { get; init; } = 20;

    /// <summary>amqp:// URL of the events section's broker; null: that section measures NDJSON only.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Uri? Broker { get; init; } = BrokerFrom(Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ"));

    public int EventsCount { get; init; } = 5000;

    public IReadOnlySet<string> Sections { get; init; } = AllSections;

    private static readonly IReadOnlySet<string> AllSections = new HashSet<string>(["overhead", "failure", "scale", "server", "chaos", "graph", "limits", "predictions", "collect", "events"]);

    /// <returns>Null, or the problem with the arguments.</returns>
    public static string? TryParse(string[] args, out BenchOptions options)
    {
        options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                return $"{args[i]} needs a value";
            }

            var value = args[++i];
            var culture = CultureInfo.InvariantCulture;
            switch (args[i - 1])
            {
                case "--time-scale" when double.TryParse(value, culture, out var x) && x > 0: options = options with { TimeScale = x }; break;
                case "--check-scale" when double.TryParse(value, culture, out var x) && x >= 0: options = options with { CheckScale = x }; break;
                case "--runs" when int.TryParse(value, culture, out var n) && n > 0: options = options with { Runs = n }; break;
                case "--seed" when int.TryParse(value, culture, out var n): options = options with { Seed = n }; break;
                case "--min-seconds" when double.TryParse(value, culture, out var x) && x > 0: options = options with { MinSeconds = x }; break;
                case "--max-seconds" when double.TryParse(value, culture, out var x) && x > 0: options = options with { MaxSeconds = x }; break;
                case "--manifest": options = options with { Manifest = value }; break;
                case "--scale-components" when int.TryParse(value, culture, out var n) && n >= 0: options = options with { ScaleComponents = n }; break;
                case "--limits-components" when int.TryParse(value, culture, out var n) && (n == 0 || n >= 2): options = options with { LimitsComponents = n }; break;
                case "--server-workflows" when int.TryParse(value, culture, out var n) && n >= 0: options = options with { ServerWorkflows = n }; break;
                case "--chaos-components" when int.TryParse(value, culture, out var n) && n > 0: options = options with { ChaosComponents = n }; break;
                case "--chaos-kills" when int.TryParse(value, culture, out var n) && n >= 0: options = options with { ChaosKills = n }; break;
                case "--chaos-time-scale" when double.TryParse(value, culture, out var x) && x > 0: options = options with { ChaosTimeScale = x }; break;
                case "--graph-manifest": options = options with { GraphManifest = value }; break;
                case "--graph-check-scale" when double.TryParse(value, culture, out var x) && x >= 0: options = options with { GraphCheckScale = x }; break;
                case "--max-parallel" when int.TryParse(value, culture, out var n) && n >= 0: options = options with { MaxParallel = n }; break;
                case "--write-graph-sample": options = options with { WriteGraphSample = value }; break;
                case "--collect-projects" when int.TryParse(value, culture, out var n) && n > 0: options = options with { CollectProjects = n }; break;
                case "--collect-pipelines" when int.TryParse(value, culture, out var n) && n > 0: options = options with { CollectPipelines = n }; break;
                case "--collect-timeout-minutes" when double.TryParse(value, culture, out var x) && x > 0: options = options with { CollectTimeoutMinutes = x }; break;
                case "--broker" when BrokerFrom(value) is { } broker: options = options with { Broker = broker }; break;
                case "--events" when int.TryParse(value, culture, out var n) && n > 0: options = options with { EventsCount = n }; break;
                case "--json": options = options with { JsonFile = value }; break;
                case "--sections" when value.Split(',').All(AllSections.Contains): options = options with { Sections = value.Split(',').ToHashSet() }; break;
                default: return $"unknown option or bad value: {args[i - 1]} {value}";
            }
        }

        return options.MinSeconds > options.MaxSeconds ? "--min-seconds must not exceed --max-seconds" : null;
    }

    // "skip" is how the tests' variable says there is no broker on purpose.
    private static Uri? BrokerFrom(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "amqp" or "amqps" ? url : null;
}
