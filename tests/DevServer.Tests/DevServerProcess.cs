using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DevServer.Tests;

/// <summary>
/// The dev server as a real child process (`dotnet Release.DevServer.dll ...`), so a test can kill it
/// with SIGKILL the way a crash or an OOM kill would, and start it again on the same file and port.
/// </summary>
public sealed class DevServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DevServerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until it prints its address.</summary>
    public static async Task<DevServerProcess> StartAsync(int port, string dbFilename)
    {
        var server = Launch("--port", port.ToString(CultureInfo.InvariantCulture), "--db-filename", dbFilename, "--headless");
        var exited = server._process.WaitForExitAsync();
        var first = await Task.WhenAny(server._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != server._listening.Task)
        {
            server.Dispose();
            throw new InvalidOperationException($"dev server did not start: {server.Output}");
        }
        return server;
    }

    /// <summary>Runs the server with the given flags until it exits on its own (for refused starts).</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        using var server = Launch(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server._process.WaitForExitAsync(timeout.Token);
        server._process.WaitForExit();
        return (server._process.ExitCode, server.Output);
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine's OOM killer or `kill -9` stops it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }

    private static DevServerProcess Launch(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Release.DevServer.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = start };
        var server = new DevServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line.Contains("listening on ", StringComparison.Ordinal))
        {
            _listening.TrySetResult(line);
        }
    }
}
