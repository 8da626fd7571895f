using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Tests;

/// <summary>
/// The dev server program as a child process keeping its state in a SQLite file, so a test can
/// kill it (SIGKILL) mid-release and start it again on the same port and file, as after a crash.
/// </summary>
public sealed class DevServerProcess : ChildProcess
{
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevServerProcess(ProcessStartInfo start)
        : base(start, "dev server")
    {
    }

    /// <summary>Starts the server and waits until it listens.</summary>
    public static async Task<DevServerProcess> StartAsync(int port, string dbFilename)
    {
        var server = new DevServerProcess(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Release.DevServer.dll"), "--port", port.ToString(CultureInfo.InvariantCulture), "--db-filename", dbFilename, "--headless" },
            WorkingDirectory = Path.GetTempPath(),
        });
        var first = await Task.WhenAny(server.listening.Task, server.Process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != server.listening.Task)
        {
            server.Dispose();
            throw new InvalidOperationException($"the dev server did not start: {server.Output}");
        }

        return server;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void OnLine(string line)
    {
        if (line.Contains("listening on ", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }
}
