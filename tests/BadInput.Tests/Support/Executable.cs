using System.Diagnostics;
using System.Text;

namespace BadInput.Tests.Support;

/// <summary>What one run of an executable printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}

/// <summary>
/// The project's executables, built next to these tests, run as the real processes a user starts:
/// a mistake must be handled before, during and after the host starts, not only inside Main's catch.
/// </summary>
public sealed class Executable(string dllName)
{
    // Settings a developer's shell may hold; removed so each case runs with exactly what it says.
    private static readonly string[] InheritedPrefixes =
        ["TEMPORAL_", "CIRCLECI_", "LOG_", "ELASTICSEARCH_", "Temporal__", "CircleCi__", "Log__", "Elasticsearch__", "Worker__", "ASPNETCORE_", "DOTNET_ENVIRONMENT"];

    public static Executable Release { get; } = new("release.dll");

    public static Executable Worker { get; } = new("Release.Worker.dll");

    public static Executable DevServer { get; } = new("Release.DevServer.dll");

    public static Executable Simulator { get; } = new("Release.CircleCiSimulator.dll");

    /// <summary>Runs to its end (or kills it after <paramref name="timeout"/> and fails).</summary>
    public async Task<ProcessResult> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dllName));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{dllName} {string.Join(' ', args)} did not exit within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }

        // WaitForExit without a timeout also waits for the redirected streams to be drained.
        await process.WaitForExitAsync();
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
            }
        }
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
