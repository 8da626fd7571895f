using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Release.Logging.Configuration;
using Release.Worker;
using Release.Worker.Hosting;

try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddReleaseWorker();
    var host = builder.Build();
    var exit = host.Services.GetRequiredService<WorkerExit>();
    await host.RunAsync();
    return exit.Code;
}
catch (SettingException e)
{
    await Console.Error.WriteLineAsync($"release-worker: {e.Message}");
    return SettingException.ExitCode;
}
