using System.Diagnostics;

namespace Orchestrator.Tests;

/// <summary>
/// The real worker program (src/Worker) run as a child process, configured only through its
/// environment, so a test can kill it the way an operating system or an operator would.
/// </summary>
public sealed class WorkerProcess : ChildProcess
{
    private WorkerProcess(ProcessStartInfo start)
        : base(start, "worker")
    {
    }

    /// <summary>How Temporal names this worker: the SDK's default identity is <c>pid@host</c>.</summary>
    public string IdentityPrefix => $"{Process.Id}@";

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { WorkerDll() },
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new WorkerProcess(start);
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
