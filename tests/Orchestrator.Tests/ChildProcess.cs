using System.Diagnostics;
using System.Text;

namespace Orchestrator.Tests;

/// <summary>
/// A program of the project run as a child process with its output captured, so a test can read
/// what it said and kill it (SIGKILL) the way an operating system or an operator would.
/// </summary>
public abstract class ChildProcess : IDisposable
{
    private readonly StringBuilder output = new();

    protected ChildProcess(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        Process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {name} process");
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
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

    public bool HasExited => Process.HasExited;

    protected Process Process { get; }

    /// <summary>SIGKILL: nothing is flushed or closed, no shutdown hook runs, as with an OOM kill.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Each line the program printed, on either stream, as it arrives.</summary>
    protected virtual void OnLine(string line)
    {
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

        OnLine(line);
    }
}
