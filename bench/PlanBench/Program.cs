using System.Diagnostics;
using System.Globalization;
using Release.PlanBench;
using Release.Workflows.Manifest;
using Release.Workflows.Release;

// Parses, validates and plans bill-of-materials manifests of growing size. Linear planning shows
// as a constant time per component from one size to the next.
const string Usage = "usage: dotnet run --project bench/PlanBench -c Release -- [--components N,N,...] [--runs N] [--depends-on]";
int[] sizes = [10_000, 50_000, 100_000, 200_000];
var runs = 3;
var dependsOn = false;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--components" when value is not null && value.Split(',').All(v => int.TryParse(v, CultureInfo.InvariantCulture, out var n) && n > 0):
            sizes = [.. value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
            i++;
            break;
        case "--depends-on":
            dependsOn = true;
            break;
        case "--runs" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
            runs = n;
            i++;
            break;
        default:
            Console.Error.WriteLine($"plan-bench: unknown option or bad value: {args[i]} {value}; {Usage}");
            return 2;
    }
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; median of {runs} runs after one warm-up{(dependsOn ? "; every component depends on the two before it" : "")}");
Console.WriteLine($"{"components",10} {"size MB",8} {"parse ms",9} {"plan ms",8} {"total ms",9} {"µs/comp",8} {"warnings",9} {"stages",7} {"planned",8} {"depth",7}");
foreach (var size in sizes)
{
    var manifest = BigManifest.Build(size, dependsOn);
    var timings = new List<(double Parse, double Plan)>();
    ManifestParseResult? parsed = null;
    ExecutionPlan? plan = null;
    for (var run = 0; run <= runs; run++)
    {
        var clock = Stopwatch.StartNew();
        parsed = ManifestParser.Parse(manifest);
        var parseTime = clock.Elapsed.TotalMilliseconds;
        if (!parsed.IsValid)
        {
            Console.Error.WriteLine($"plan-bench: the generated manifest is invalid: {parsed.Errors[0]}");
            return 1;
        }

        clock.Restart();
        plan = ExecutionPlanner.Build(parsed.Manifest, new PlanOptions { Branch = "main" });
        _ = ReleaseWorkflowOptions.WorkflowId(plan);
        if (run > 0)
        {
            timings.Add((parseTime, clock.Elapsed.TotalMilliseconds));
        }
    }

    var parseMs = Median(timings.Select(t => t.Parse));
    var planMs = Median(timings.Select(t => t.Plan));
    var total = Median(timings.Select(t => t.Parse + t.Plan));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{size,10} {manifest.Length / 1e6,8:F1} {parseMs,9:F0} {planMs,8:F0} {total,9:F0} {total * 1000 / size,8:F2} {parsed!.Warnings.Count,9} {plan!.Stages.Count,7} {plan.Stages.Sum(s => s.Components.Count),8} {plan.Stages.SelectMany(s => s.Components).Max(c => c.Depth),7}"));
}

return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
