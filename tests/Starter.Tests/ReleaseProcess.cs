using System.Diagnostics;
using System.Text;

namespace Starter.Tests;

/// <summary>
/// The built `release` executable run as a real process, its output a pipe as in a script or CI
/// log: what the SDK's native layer writes to the console, and how Spectre.Console sizes output
/// that is not a terminal, only show there.
/// </summary>
public sealed class ReleaseProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();

    public ReleaseProcess(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "release.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("TEMPORAL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Out => Read(output);

    public string Error => Read(error);

    public async Task WaitForAsync(Func<ReleaseProcess, string> stream, string text, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!stream(this).Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"never printed '{text}'{(process.HasExited ? $" (exited {process.ExitCode})" : "")}\nstdout:\n{Out}\nstderr:\n{Error}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>What `kill`, systemd or a CI runner's timeout sends.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<CliResult> ResultAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(cts.Token);
        await process.WaitForExitAsync();
        return new CliResult(process.ExitCode, Out, Error);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is not null)
        {
            lock (buffer)
            {
                buffer.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
