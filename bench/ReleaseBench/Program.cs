using System.Text.Json;
using Release.ReleaseBench;
using Release.Workflows.Manifest;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

if (BenchOptions.TryParse(args, out var options) is { } problem)
{
    Console.Error.WriteLine($"error: {problem}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.WriteGraphSample is { } destination)
{
    var written = GraphSample.Write(Path.Combine(SolutionPaths.Root, "release-data", "samples", "large", "release.json"), destination);
    (written is null ? Console.Out : Console.Error).WriteLine(written is null ? $"wrote {Path.GetFullPath(destination)}" : $"error: {written}");
    return written is null ? 0 : 2;
}

var parsed = ManifestParser.Parse(await File.ReadAllTextAsync(options.Manifest));
if (!parsed.IsValid)
{
    Console.Error.WriteLine($"error: {options.Manifest}: {string.Join("; ", parsed.Errors)}");
    return 2;
}

ExecutionPlan? graphPlan = null;
if (options.Sections.Contains("graph") && GraphScheduleSection.TryPlan(options.GraphManifest, out graphPlan) is { } graphProblem)
{
    Console.Error.WriteLine($"error: {graphProblem}");
    return 2;
}

// Every component is released (not only snapshots), so the shape is the manifest's whole product.
var plan = ExecutionPlanner.Build(parsed.Manifest, new PlanOptions { Branch = "main", SnapshotSuffix = "" });
var machine = Machine.Describe();
var log = Console.Out;
log.WriteLine($"machine: {machine}");
log.WriteLine($"options: time scale {options.TimeScale}, {options.Runs} runs, seed {options.Seed}, pipelines {options.MinSeconds}-{options.MaxSeconds} s (simulated)");

var figures = new List<Figure>();
var raw = new Dictionary<string, object>();
var clock = System.Diagnostics.Stopwatch.StartNew();
List<Figure> section;
if (options.Sections.Contains("overhead"))
{
    log.WriteLine("overhead and CircleCI calls:");
    (section, raw["overhead"]) = await OverheadSection.RunAsync(options, plan, log);
    figures.AddRange(section);
}

if (options.Sections.Contains("predictions"))
{
    log.WriteLine("polling only, with predictions against without:");
    (section, raw["predictions"]) = await PredictionSection.RunAsync(options, plan, log);
    figures.AddRange(section);
}

if (options.Sections.Contains("failure"))
{
    log.WriteLine("failure path:");
    (section, raw["failure"]) = await FailureSection.RunAsync(options, plan, log);
    figures.AddRange(section);
}

if (options.ScaleComponents > 0 && options.Sections.Contains("scale"))
{
    log.WriteLine("scale:");
    (section, raw["scale"]) = await ScaleSection.RunAsync(options, log);
    figures.AddRange(section);
}

if (options.LimitsComponents > 0 && options.Sections.Contains("limits"))
{
    log.WriteLine("real cluster limits:");
    (section, raw["limits"]) = await LimitsSection.RunAsync(options, log);
    figures.AddRange(section);
}

if (options.ServerWorkflows > 0 && options.Sections.Contains("server"))
{
    log.WriteLine("dev server throughput:");
    (section, raw["server"]) = await ServerThroughputSection.RunAsync(options, log);
    figures.AddRange(section);
}

if (options.Sections.Contains("chaos"))
{
    log.WriteLine("chaos:");
    (section, raw["chaos"]) = await ChaosSection.RunAsync(options, plan, log);
    figures.AddRange(section);
}

if (options.Sections.Contains("graph"))
{
    log.WriteLine("graph scheduling:");
    (section, raw["graph"]) = await GraphScheduleSection.RunAsync(options, graphPlan!, log);
    figures.AddRange(section);
}

if (options.Sections.Contains("collect"))
{
    log.WriteLine("collection throughput:");
    (section, raw["collect"]) = await CollectSection.RunAsync(options, log);
    figures.AddRange(section);
}

if (options.Sections.Contains("events"))
{
    log.WriteLine("release events:");
    (section, raw["events"]) = await EventsSection.RunAsync(options, plan, log);
    figures.AddRange(section);
}

log.WriteLine();
log.WriteLine(Figure.Header());
figures.ForEach(f => log.WriteLine(f.Row()));
log.WriteLine($"bench wall time: {clock.Elapsed.TotalMinutes:F1} min");

var document = new { machine, options, figures, raw };
await File.WriteAllTextAsync(options.JsonFile, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
log.WriteLine($"json: {Path.GetFullPath(options.JsonFile)}");
return 0;
