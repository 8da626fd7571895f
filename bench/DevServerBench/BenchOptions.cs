namespace Release.DevServerBench;

/// <summary>The command line. Hand-parsed: a handful of flags do not justify a parser dependency.</summary>
internal sealed record BenchOptions
{
    public const string Usage =
        "usage: DevServerBench [--workflows N] [--concurrency C] [--runs R] [--warmup W] [--address host:port] [--db-filename FILE] [--json FILE] [--alloc-profile]";

    public int Workflows { get; init; } = 2000;
    public int Concurrency { get; init; } = 200;
    public int Runs { get; init; } = 3;

    /// <summary>
    /// Not counted: connects, starts the pollers and gets the hot paths past tier-0 JIT. Tiered compilation
    /// keeps improving for ~10 000 workflows (see README); 1000 takes the steepest part off run 1.
    /// </summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>An external server; null embeds one in this process.</summary>
    public string? Address { get; init; }
    public string? JsonFile { get; init; }

    /// <summary>The embedded server keeps its state in this SQLite file (as `--db-filename` does); null keeps it in memory.</summary>
    public string? DbFilename { get; init; }

    /// <summary>Print the most-allocated types after each run (costs a little throughput).</summary>
    public bool AllocProfile { get; init; }

    /// <summary>Parses the flags; returns a one-line problem, or null when they are valid.</summary>
    public static string? TryParse(string[] args, out BenchOptions options)
    {
        options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag == "--alloc-profile")
            {
                options = options with { AllocProfile = true };
                continue;
            }
            var value = i + 1 < args.Length ? args[++i] : null;
            if (value is null)
            {
                return $"{flag} needs a value";
            }
            switch (flag)
            {
                case "--workflows" when int.TryParse(value, out var n) && n > 0:
                    options = options with { Workflows = n };
                    break;
                case "--concurrency" when int.TryParse(value, out var c) && c > 0:
                    options = options with { Concurrency = c };
                    break;
                case "--runs" when int.TryParse(value, out var r) && r > 0:
                    options = options with { Runs = r };
                    break;
                case "--warmup" when int.TryParse(value, out var w) && w >= 0:
                    options = options with { Warmup = w };
                    break;
                case "--address" when value.Contains(':', StringComparison.Ordinal):
                    options = options with { Address = value };
                    break;
                case "--json":
                    options = options with { JsonFile = value };
                    break;
                case "--db-filename":
                    options = options with { DbFilename = value };
                    break;
                case "--workflows" or "--concurrency" or "--runs" or "--warmup":
                    return $"{flag} needs a positive number (got '{value}')";
                case "--address":
                    return $"--address needs host:port (got '{value}')";
                default:
                    return $"unknown flag '{flag}'";
            }
        }
        return null;
    }
}
