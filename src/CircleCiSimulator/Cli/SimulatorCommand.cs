using System.CommandLine;

namespace Release.CircleCiSimulator;

/// <summary>
/// The command line: parse flags, load the scenario, serve until Ctrl+C or SIGTERM.
/// Every error becomes one line on stderr and an exit code, never a stack trace.
/// </summary>
internal static class SimulatorCommand
{
    private const string Name = "circleci-simulator";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var scenarioOption = new Option<string>("--scenario") { Description = "Scenario JSON file to play (see README.md).", Required = true };
        var portOption = new Option<int>("--port") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => 5080 };
        var ipOption = new Option<string>("--ip") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var timeScaleOption = new Option<double>("--time-scale") { Description = "Wall-clock seconds per scenario second (0.1 = ten times faster).", DefaultValueFactory = _ => 1 };
        var pageSizeOption = new Option<int>("--page-size") { Description = "Items per page of every list.", DefaultValueFactory = _ => 2 };
        var webhookUrlOption = new Option<Uri?>("--webhook-url") { Description = "POST signed workflow-completed webhooks here, as CircleCI does." };
        var webhookSecretOption = new Option<string?>("--webhook-secret") { Description = "The webhook signing secret (or CIRCLECI_WEBHOOK_SECRET)." };
        var root = new RootCommand("A CircleCI API v2 simulator that plays a scenario file.")
        {
            scenarioOption, portOption, ipOption, timeScaleOption, pageSizeOption, webhookUrlOption, webhookSecretOption,
        };
        root.SetAction((parsed, token) =>
        {
            var options = new SimulatorOptions
            {
                Ip = parsed.GetValue(ipOption)!,
                Port = parsed.GetValue(portOption),
                TimeScale = parsed.GetValue(timeScaleOption),
                PageSize = parsed.GetValue(pageSizeOption),
                WebhookUrl = parsed.GetValue(webhookUrlOption),
                WebhookSecret = parsed.GetValue(webhookSecretOption) ?? Environment.GetEnvironmentVariable("CIRCLECI_WEBHOOK_SECRET"),
            };
            return ServeAsync(parsed.GetValue(scenarioOption)!, options, output, error, token);
        });

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await error.WriteLineAsync($"{Name}: {OneLine(parseResult.Errors[0].Message)} (see --help)");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"{Name}: {OneLine(e.Message)}");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> ServeAsync(string scenarioPath, SimulatorOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (options.Problem() is { } problem)
        {
            await error.WriteLineAsync($"{Name}: {problem}");
            return ExitCodes.Usage;
        }

        SimulatorScenario scenario;
        try
        {
            scenario = ScenarioLoader.LoadFile(scenarioPath);
        }
        catch (ScenarioException e)
        {
            await error.WriteLineAsync($"{Name}: {OneLine(e.Message)}");
            return ExitCodes.Usage;
        }

        CircleCiSimulatorHost host;
        try
        {
            host = await CircleCiSimulatorHost.StartAsync(scenario, options, stop);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"{Name}: cannot listen on {options.Ip}:{options.Port}: {OneLine(e.Message)}");
            return ExitCodes.Failure;
        }

        await using (host)
        {
            await output.WriteLineAsync($"CircleCI simulator listening on {host.RootUrl.GetLeftPart(UriPartial.Authority)}");
            await output.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: System.CommandLine cancels the token; stop cleanly below.
            }
        }

        await output.WriteLineAsync("CircleCI simulator stopped");
        return ExitCodes.Ok;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
