using System.Diagnostics;
using System.Text;

namespace Release.CircleCi.Tests;

/// <summary>The simulator as the separate process a user starts, built next to these tests.</summary>
internal sealed class SimulatorProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> waiters = [];

    private SimulatorProcess(Process process) => this.process = process;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static SimulatorProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Release.CircleCiSimulator.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var self = new SimulatorProcess(new Process { StartInfo = start });
        self.process.OutputDataReceived += (_, e) => self.Received(e.Data);
        self.process.ErrorDataReceived += (_, e) => self.Received(e.Data);
        self.process.Start();
        self.process.BeginOutputReadLine();
        self.process.BeginErrorReadLine();
        return self;
    }

    /// <summary>Waits (generously: the machine may be busy) for a line the process printed.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (output)
        {
            if (output.ToString().Split('\n').FirstOrDefault(match) is { } line)
            {
                return Task.FromResult(line);
            }

            waiters.Add((match, found));
        }

        return found.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
            foreach (var waiter in waiters.Where(w => w.Match(line)).ToList())
            {
                waiters.Remove(waiter);
                waiter.Found.TrySetResult(line);
            }
        }
    }
}
