using Release.DevServer.Hosting;
using Release.DevServerBench;
using Temporalio.Client;
using Temporalio.Worker;

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

// Embedded unless --address is given. A short poll timeout lets the worker's idle polls end quickly
// at shutdown; it does not affect throughput, since under load polls are answered at once.
if (options.Address is not null && options.DbFilename is not null)
{
    Console.Error.WriteLine("error: --db-filename applies to the embedded server; give it to the external server instead of --address");
    return 2;
}
await using var embedded = options.Address is null
    ? await TemporalDevServer.StartAsync(new DevServerOptions
    {
        Port = 0,
        PollTimeout = TimeSpan.FromSeconds(5),
        DbFilename = options.DbFilename,
    })
    : null;
var address = options.Address ?? embedded!.Address;
var server = embedded is null ? $"external {address}"
    : options.DbFilename is { } db ? $"embedded in this process, {address}, SQLite {db}"
    : $"embedded in this process, {address}, in memory";

var client = await TemporalClient.ConnectAsync(WorkerTuning.Connection(address));
var taskQueue = $"bench-{Guid.NewGuid():N}";
using var worker = new TemporalWorker(client, WorkerTuning.Worker(taskQueue));
var machine = MachineInfo.Current();
var runs = new List<RunResult>();
using var sampler = options.AllocProfile ? new AllocationSampler() : null;

await worker.ExecuteAsync(async () =>
{
    if (options.Warmup > 0)
    {
        await WorkflowLoad.RunAsync(client, taskQueue, $"{taskQueue}-warmup", options.Warmup, options.Concurrency);
    }
    ConsoleTable.PrintHeader(options, server, machine, Console.Out);
    for (var run = 1; run <= options.Runs; run++)
    {
        sampler?.Reset();
        var result = await WorkflowLoad.RunAsync(client, taskQueue, $"{taskQueue}-run{run}", options.Workflows, options.Concurrency);
        runs.Add(result);
        ConsoleTable.PrintRun(run, result, Console.Out);
        if (sampler is not null)
        {
            ConsoleTable.PrintAllocations(sampler.Top(10), Console.Out);
        }
    }
});

var report = new BenchReport(options, server, machine, runs, MachineInfo.PeakWorkingSetBytes());
ConsoleTable.PrintSummary(report, Console.Out);
if (options.JsonFile is { } json)
{
    await report.WriteJsonAsync(json);
    Console.WriteLine($"json: {json}");
}
return 0;
