using System.CommandLine;
using System.Net.Sockets;
using Release.Shared;

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
        // Values are taken as text and read by OptionValues, so a bad one is refused in plain words.
        var scenarioOption = new Option<string?>("--scenario") { Description = "Scenario JSON file to play (see README.md). Required." };
        var portOption = new Option<string>("--port") { Description = "Port to listen on; 0 picks a free one.", DefaultValueFactory = _ => "5080" };
        var ipOption = new Option<string>("--ip") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var timeScaleOption = new Option<string>("--time-scale") { Description = "Wall-clock seconds per scenario second (0.1 = ten times faster).", DefaultValueFactory = _ => "1" };
        var pageSizeOption = new Option<string>("--page-size") { Description = "Items per page of every list.", DefaultValueFactory = _ => "2" };
        var webhookUrlOption = new Option<string?>("--webhook-url") { Description = "POST signed workflow-completed webhooks here, as CircleCI does." };
        var webhookSecretOption = new Option<string?>("--webhook-secret") { Description = "The webhook signing secret (or CIRCLECI_WEBHOOK_SECRET)." };
        var root = new RootCommand("A CircleCI API v2 simulator that plays a scenario file.")
        {
            scenarioOption, portOption, ipOption, timeScaleOption, pageSizeOption, webhookUrlOption, webhookSecretOption,
        };
        root.SetAction(async (parsed, token) =>
        {
            try
            {
                var scenario = parsed.GetValue(scenarioOption);
                if (string.IsNullOrWhiteSpace(scenario))
                {
                    throw new UsageException("--scenario FILE is required: the scenario JSON to play (see --help)");
                }

                var webhookUrl = parsed.GetValue(webhookUrlOption) is { } url ? OptionValues.HttpUrl("--webhook-url", url) : null;
                var options = new SimulatorOptions
                {
                    Ip = OptionValues.Ip("--ip", parsed.GetValue(ipOption)!),
                    Port = OptionValues.Port("--port", parsed.GetValue(portOption)!),
                    TimeScale = OptionValues.Positive("--time-scale", parsed.GetValue(timeScaleOption)!, "0.1"),
                    PageSize = OptionValues.AtLeastOne("--page-size", parsed.GetValue(pageSizeOption)!),
                    WebhookUrl = webhookUrl,
                    WebhookSecret = parsed.GetValue(webhookSecretOption) ?? Environment.GetEnvironmentVariable("CIRCLECI_WEBHOOK_SECRET"),
                };
                if (webhookUrl is not null && string.IsNullOrEmpty(options.WebhookSecret))
                {
                    throw new UsageException("--webhook-url needs a secret to sign with: give --webhook-secret or set CIRCLECI_WEBHOOK_SECRET");
                }

                return await ServeAsync(scenario, options, output, error, token);
            }
            catch (UsageException e)
            {
                await error.WriteLineAsync($"{Name}: {e.Message}");
                return ExitCodes.Usage;
            }
        });

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await error.WriteLineAsync($"{Name}: {ParseProblem(parseResult, root)} (see --help)");
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

    private static string ParseProblem(ParseResult parseResult, RootCommand root)
    {
        if (parseResult.UnmatchedTokens.FirstOrDefault() is not { } token)
        {
            var message = OneLine(parseResult.Errors[0].Message);
            return root.Options.FirstOrDefault(o => message.Contains($"'{o.Name}'", StringComparison.Ordinal) && message.StartsWith("Required argument missing", StringComparison.Ordinal)) is { } option
                ? $"{option.Name} needs a value"
                : message;
        }

        if (!token.StartsWith('-'))
        {
            return $"unexpected argument '{token}'; options are written --name value";
        }

        var known = root.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
        return NearestName.Find(token.Split('=', 2)[0], known) is { } closest
            ? $"unknown option '{token}'; did you mean {closest}?"
            : $"unknown option '{token}'";
    }

    private static async Task<int> ServeAsync(string scenarioPath, SimulatorOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (options.Problem() is { } problem)
        {
            throw new UsageException(problem);
        }

        SimulatorScenario scenario;
        try
        {
            scenario = ScenarioLoader.LoadFile(scenarioPath);
        }
        catch (ScenarioException e)
        {
            throw new UsageException(OneLine(e.Message));
        }

        CircleCiSimulatorHost host;
        try
        {
            host = await CircleCiSimulatorHost.StartAsync(scenario, options, stop);
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot listen on {options.Ip}:{options.Port}: {ListenProblem(e)}");
        }

        await using (host)
        {
            await output.WriteLineAsync($"CircleCI simulator listening on {host.RootUrl.GetLeftPart(UriPartial.Authority)}");
            if (options.WebhookUrl is not null)
            {
                await output.WriteLineAsync($"Sending signed webhooks to {options.WebhookUrl}");
            }

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

    private static string ListenProblem(IOException e)
    {
        var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "the port is in use; pick another with --port (0 picks a free one)",
            SocketError.AccessDenied => "permission denied; use a port above 1023",
            SocketError.AddressNotAvailable => "no such address on this machine; use 127.0.0.1 or 0.0.0.0",
            _ when e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) =>
                "the port is in use; pick another with --port (0 picks a free one)",
            _ => OneLine(e.Message),
        };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
