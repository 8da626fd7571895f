using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Release.Logging.Configuration;
using Release.Worker;
using Release.Worker.Hosting;

if (WorkerCommandLine.Handle(args, Console.Out, Console.Error) is { } handled)
{
    return handled;
}

try
{
    // No Args: the worker is configured by its environment only (WorkerCommandLine refused anything else).
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
    builder.AddReleaseWorker();
    var host = builder.Build();
    var exit = host.Services.GetRequiredService<WorkerExit>();
    await host.RunAsync();
    if (exit.Problem is { } problem)
    {
        // Also in the log; stderr is where a person or a supervisor looks for why it stopped.
        await Console.Error.WriteLineAsync($"release-worker: {problem}");
    }

    return exit.Code;
}
catch (SettingException e)
{
    await Console.Error.WriteLineAsync($"release-worker: {e.Message}");
    return SettingException.ExitCode;
}
catch (InvalidDataException e) when (e.Message.StartsWith("Failed to load configuration", StringComparison.Ordinal))
{
    // appsettings.json next to the binary is not valid JSON.
    await Console.Error.WriteLineAsync($"release-worker: {ConfigurationFileError.Describe(e)}");
    return SettingException.ExitCode;
}
