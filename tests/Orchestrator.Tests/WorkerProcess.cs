using System.Diagnostics;
using System.Text;

namespace Orchestrator.Tests;

/// <summary>
/// The real worker program (src/Worker) run as a child process, configured only through its
/// environment, so a test can kill it the way an operating system or an operator would.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WorkerProcess(Process process)
    {
        this.process = process;
    }

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

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { WorkerDll() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the worker process");
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public bool HasExited => process.HasExited;

    /// <summary>How Temporal names this worker: the SDK's default identity is <c>pid@host</c>.</summary>
    public string IdentityPrefix => $"{process.Id}@";

    /// <summary>SIGKILL: no shutdown hook runs, tasks in flight are simply abandoned.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    // The worker is built beside the tests (same configuration), see the project reference.
    private static string WorkerDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Path, "src", "Worker", "bin", configuration, testBin.Name, "Release.Worker.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Worker first", dll);
    }
}
